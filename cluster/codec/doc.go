// Package codec owns DolphinDB's API wire format (docs/protocol.md): the
// request header line, the response header, MSG frames, and the
// serialization of every data form and type in both byte orders.
//
// Encoders append to a caller's buffer (MarshalValue). The Decoder reads
// objects incrementally from a stream or a byte slice and never reserves
// memory for a length field before the bytes behind it have arrived: it
// reads large blocks in bounded chunks and grows its buffers as data comes.
package codec
