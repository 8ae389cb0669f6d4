// This file defines NewLogger: zerolog output in DolphinDB's log line
// shape, "2024-01-02 09:30:00.123456 <INFO> :message key=value".

package server

import (
	"fmt"
	"io"
	"strings"

	"github.com/rs/zerolog"
)

// NewLogger returns a logger writing DolphinDB-shaped lines to w (the
// node's -logFile) at level and above.
func NewLogger(w io.Writer, level zerolog.Level) zerolog.Logger {
	cw := zerolog.ConsoleWriter{
		Out:        w,
		NoColor:    true,
		TimeFormat: "2006-01-02 15:04:05.000000",
		PartsOrder: []string{zerolog.TimestampFieldName, zerolog.LevelFieldName, zerolog.MessageFieldName},
		FormatLevel: func(i any) string {
			switch l, _ := i.(string); l {
			case "warn":
				return "<WARNING>"
			case "error", "fatal", "panic":
				return "<ERROR>"
			case "debug", "trace":
				return "<DEBUG>"
			default:
				return "<INFO>"
			}
		},
		FormatMessage:   func(i any) string { return ":" + fmt.Sprint(i) },
		FormatFieldName: func(i any) string { return fmt.Sprint(i) + "=" },
		FormatFieldValue: func(i any) string {
			return strings.ReplaceAll(fmt.Sprint(i), "\n", " ")
		},
	}
	return zerolog.New(cw).Level(level).With().Timestamp().Logger()
}
