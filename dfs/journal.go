// This file defines journal, an edit log plus checkpoint pair (the
// controller's DFSMetaLog.0 / DFSMasterMetaCheckpoint.0 and the data
// node's CHUNK_METADATA editlog.0 / checkpoint.0), and the catalog's log
// records and their replay.

package dfs

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/porpoisedb/porpoise/dfs/vfs"
)

type journal struct {
	fs       vfs.FS
	logPath  string
	ckptPath string
	log      *metaLog
}

// openJournal loads the checkpoint into state, replays the log through
// replay (records with an LSN the checkpoint covers are skipped by the
// caller), truncates a bad tail and returns the problems found, each
// naming its file. An unreadable checkpoint is fatal.
func openJournal(fs vfs.FS, dir, logName, ckptName string, state any, replay func([]byte) error) (*journal, []error, error) {
	if err := fs.MkdirAll(dir); err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", dir, err)
	}
	j := &journal{fs: fs, logPath: filepath.Join(dir, logName), ckptPath: filepath.Join(dir, ckptName)}
	fs.Remove(j.ckptPath + ".tmp")
	if fs.Exists(j.ckptPath) {
		b, err := vfs.ReadFile(fs, j.ckptPath)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", j.ckptPath, err)
		}
		recs, _, bad := parseFramed(b, j.ckptPath)
		if bad != nil || len(recs) != 1 {
			return nil, nil, fmt.Errorf("%w: checkpoint file %s can't be parsed", ErrCorrupt, j.ckptPath)
		}
		if err := json.Unmarshal(recs[0], state); err != nil {
			return nil, nil, fmt.Errorf("%w: checkpoint file %s can't be parsed: %v", ErrCorrupt, j.ckptPath, err)
		}
	}
	recs, good, bad := readMetaLog(fs, j.logPath)
	var warns []error
	for i, r := range recs {
		if err := replay(r); err != nil {
			warns = append(warns, fmt.Errorf("%w: %s record %d can't be replayed: %v", ErrCorrupt, j.logPath, i, err))
			break
		}
	}
	if bad != nil {
		warns = append(warns, bad)
		if err := fs.Truncate(j.logPath, good); err != nil {
			return nil, warns, fmt.Errorf("truncate %s: %w", j.logPath, err)
		}
	}
	l, err := openMetaLog(fs, j.logPath)
	if err != nil {
		return nil, warns, err
	}
	j.log = l
	return j, warns, nil
}

func (j *journal) write(rec any, sync bool) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return j.log.appendRecs(sync, b)
}

func (j *journal) size() int64 {
	j.log.mu.Lock()
	defer j.log.mu.Unlock()
	return j.log.size
}

// checkpoint writes state to the checkpoint (tmp, fsync, rename) and
// starts an empty log. A crash between the two replays the old log over
// the new checkpoint; records carry LSNs, so that is harmless.
func (j *journal) checkpoint(state any, sync bool) error {
	b, err := json.Marshal(state)
	if err != nil {
		return err
	}
	var framed []byte
	framed = appendFrame(framed, b)
	if err := vfs.WriteFileAtomic(j.fs, j.ckptPath, framed, sync); err != nil {
		return fmt.Errorf("checkpoint %s: %w", j.ckptPath, err)
	}
	j.log.close()
	f, err := j.fs.Create(j.logPath)
	if err != nil {
		return fmt.Errorf("reset %s: %w", j.logPath, err)
	}
	if sync {
		f.Sync()
	}
	f.Close()
	l, err := openMetaLog(j.fs, j.logPath)
	if err != nil {
		return err
	}
	j.log = l
	return nil
}

func (j *journal) close() error { return j.log.close() }
