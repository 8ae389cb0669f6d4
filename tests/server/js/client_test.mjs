// Drives a Porpoise node with the official DolphinDB JavaScript API over
// WebSocket. Usage: DOLPHINDB_JS=<.../dolphindb/index.js> node client_test.mjs ws://127.0.0.1:PORT
// (js_test.go installs the package into .npm/, a folder the go tool skips).
// Prints one line per check and exits non-zero on the first failure.

// The API uses Promise.withResolvers (Node 22+); CI may run Node 20.
Promise.withResolvers ??= function () {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
}
const {
    DDB, DdbForm, DdbType, DdbInt, DdbDouble, DdbString, DdbTable,
    DdbVectorDouble, DdbVectorSymbol, DdbVectorInt, DdbVectorString,
} = await import(process.env.DOLPHINDB_JS ? (await import('node:url')).pathToFileURL(process.env.DOLPHINDB_JS).href : 'dolphindb')

const url = process.argv[2]
const ddb = new DDB(url, { autologin: true, username: 'admin', password: '123456' })

const formName = Object.fromEntries(Object.entries(DdbForm).map(([k, v]) => [v, k]))
const typeName = Object.fromEntries(Object.entries(DdbType).map(([k, v]) => [v, k]))
const json = x => JSON.stringify(x, (_, v) => typeof v === 'bigint' ? v.toString() : v)

let failed = 0
function check (name, ok, detail) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ': ' + detail}`)
    if (!ok) failed++
}

async function expect (script, type, form, data) {
    try {
        const obj = await ddb.eval(script)
        const gotType = typeName[obj.type], gotForm = formName[obj.form]
        let got
        try {
            got = obj.data()
        } catch (e) {
            got = `data() threw ${e.message}`
        }
        const okType = (typeof type === 'number' ? obj.type === type : gotType === type) && gotForm === form
        const okData = data === undefined || json(got) === json(data)
        check(script, okType && okData, `got ${gotType} ${gotForm} ${json(got)}, want ${type} ${form} ${json(data)}`)
    } catch (e) {
        check(script, false, `error ${e.message}`)
    }
}

await ddb.connect()
check('connect with login', ddb.connected, 'not connected')

// Scalars of every type.
await expect('1+1', 'int', 'scalar', 2)
await expect('true', 'bool', 'scalar', true)
await expect("'a'", 'char', 'scalar')
await expect('1h', 'short', 'scalar', 1)
await expect('1l', 'long', 'scalar', 1n)
await expect('00i', 'int', 'scalar', null)
await expect('2024.01.02', 'date', 'scalar', '2024.01.02')
await expect('2024.01M', 'month', 'scalar', '2024.01M')
await expect('13:30:10.008', 'time', 'scalar', '13:30:10.008')
await expect('13:30m', 'minute', 'scalar', '13:30m')
await expect('13:30:10', 'second', 'scalar', '13:30:10')
await expect('2024.01.02T09:30:00', 'datetime', 'scalar', '2024.01.02 09:30:00')
await expect('2024.01.02T09:30:00.123', 'timestamp', 'scalar', '2024.01.02 09:30:00.123')
await expect('13:30:10.008007006', 'nanotime', 'scalar', '13:30:10.008007006')
await expect('2024.01.02T09:30:00.123456789', 'nanotimestamp', 'scalar', '2024.01.02 09:30:00.123456789')
await expect('datehour(2024.01.02T09:30:00)', 'datehour', 'scalar')
await expect('1.5f', 'float', 'scalar', 1.5)
await expect('1.5', 'double', 'scalar', 1.5)
await expect('"hello"', 'string', 'scalar', 'hello')
await expect("uuid('5d212a78-cc48-e3b1-4235-b4d91a731de4')", 'uuid', 'scalar', '5d212a78-cc48-e3b1-4235-b4d91a731de4')
await expect("ipaddr('192.168.1.1')", 'ipaddr', 'scalar', '192.168.1.1')
await expect("int128('e1671797c52e15f763380b45e841ec32')", 'int128', 'scalar', 'e1671797c52e15f763380b45e841ec32')
await expect('decimal32(3.14, 2)', 'decimal32', 'scalar')
await expect('decimal64(3.14, 4)', 'decimal64', 'scalar')
await expect('decimal128(3.14, 10)', 'decimal128', 'scalar')
await expect('blob("abc")', 'blob', 'scalar')
await expect('duration("3m")', 'duration', 'scalar')
await expect('sum', 'functiondef', 'scalar')

// Vectors, tuples and the other forms.
await expect('1 2 NULL', 'int', 'vector', [1, 2, null])
await expect('[1.5, NULL]', 'double', 'vector', [1.5, null])
await expect('`a`b`a', 'string', 'vector', ['a', 'b', 'a'])
await expect('symbol(`a`b`a)', 'symbol_extended', 'vector', ['a', 'b', 'a'])
await expect('(1, "a", 2.5)', 'any', 'vector', [1, 'a', 2.5])
await expect('1:5', 'int', 'pair', [1, 5])
await expect('matrix(1 2, 3 4)', 'int', 'matrix')
await expect('set(1 2 3)', 'int', 'set')
await expect('dict(`a`b, 1 2)', 'int', 'dict', { a: 1, b: 2 })
await expect('table(1 2 3 as a, `x`y`z as b)', 'void', 'table', [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }])
await expect('array(INT[], 0).append!([1 2, 3 4 5])', DdbType.int + 64, 'vector', [[1, 2], [3, 4, 5]])
await expect('decimal64(1.5 2.25, 2)', 'decimal64', 'vector')

// Upload a table with the variable command, then use it.
await ddb.upload(['t'], [new DdbTable([
    new DdbVectorSymbol(['AAPL', 'MSFT', 'AAPL'], 'sym'),
    new DdbVectorDouble([185.5, null, 186.25], 'price'),
    new DdbVectorInt([1, 2, 3], 'qty'),
], 't')])
await expect('sum(t.price)', 'double', 'scalar', 371.75)
await expect('t.sym', 'symbol_extended', 'vector', ['AAPL', 'MSFT', 'AAPL'])
await expect('size(t)', 'int', 'scalar', 3)

// Function calls with arguments.
const sum = await ddb.call('add', [new DdbInt(1), new DdbInt(2)])
check('call add(1, 2)', sum.value === 3, json(sum.value))
await ddb.eval('def scale(v, k) { return v * k }')
const scaled = await ddb.call('scale', [new DdbVectorDouble([1, 2]), new DdbDouble(0.5)])
check('call scale', json(scaled.data()) === json([0.5, 1]), json(scaled.data()))
const joined = await ddb.call('concat', [new DdbString('ab'), new DdbString('cd')])
check('call concat', joined.value === 'abcd', json(joined.value))
const strs = await ddb.call('size', [new DdbVectorString(['x', 'y'])])
check('call size', strs.value === 2, json(strs.value))

// print output arrives as a message.
const printed = []
await ddb.eval('print("hello from porpoise")', { listener: m => { if (m.type === 'print') printed.push(m.data) } })
check('print message', printed.join('|').includes('hello from porpoise'), json(printed))

// Errors arrive as one-line messages and the session stays usable.
let err
try { await ddb.eval('1 +') } catch (e) { err = e }
check('syntax error', err && /Syntax Error/.test(err.message), err && err.message)
await expect('40+2', 'int', 'scalar', 42)

ddb.disconnect()

// A wrong password fails the connection.
const bad = new DDB(url, { autologin: true, username: 'admin', password: 'wrong' })
let badErr
try { await bad.connect() } catch (e) { badErr = e }
check('wrong password rejected', badErr !== undefined, 'connected')
bad.disconnect()

console.log(failed === 0 ? 'all checks passed' : `${failed} checks failed`)
process.exit(failed === 0 ? 0 : 1)
