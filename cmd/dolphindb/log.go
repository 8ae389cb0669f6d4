// This file defines the node log: zerolog events written in DolphinDB's
// line shape, "2024-01-01 12:00:00.000000 <INFO> :message".

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// logWriter renders zerolog events as DolphinDB log lines; fields other
// than the message follow it as " key=value".
func logWriter(w io.Writer) io.Writer {
	return zerolog.ConsoleWriter{
		Out:        w,
		NoColor:    true,
		PartsOrder: []string{zerolog.TimestampFieldName, zerolog.LevelFieldName, zerolog.MessageFieldName},
		FormatTimestamp: func(i interface{}) string {
			s, _ := i.(string)
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return s
			}
			return t.Format("2006-01-02 15:04:05.000000")
		},
		FormatLevel: func(i interface{}) string {
			switch s, _ := i.(string); s {
			case "warn":
				return "<WARNING>"
			case "":
				return "<INFO>"
			default:
				return "<" + strings.ToUpper(s) + ">"
			}
		},
		FormatMessage: func(i interface{}) string { return fmt.Sprintf(":%v", i) },
	}
}

// newLogger builds the node logger from logFile and stdoutLog (0: the
// file, 1: stdout, 2: both). logFile "" with stdoutLog 0 discards. The
// returned close function flushes and closes the file.
func newLogger(logFile string, stdoutLog int, stdout io.Writer) (zerolog.Logger, func(), error) {
	zerolog.TimeFieldFormat = time.RFC3339Nano
	var outs []io.Writer
	closeFn := func() {}
	if logFile != "" && stdoutLog != 1 {
		if dir := filepath.Dir(logFile); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return zerolog.Nop(), closeFn, err
			}
		}
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return zerolog.Nop(), closeFn, err
		}
		outs = append(outs, logWriter(f))
		closeFn = func() { f.Close() }
	}
	if stdoutLog == 1 || stdoutLog == 2 {
		outs = append(outs, logWriter(stdout))
	}
	if len(outs) == 0 {
		return zerolog.Nop(), closeFn, nil
	}
	return zerolog.New(io.MultiWriter(outs...)).With().Timestamp().Logger(), closeFn, nil
}
