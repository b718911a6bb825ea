// Package pb_public carries todomate's web app, a static single-page app
// that talks to the server only through the PocketBase JS SDK, inside the
// binary. The folder name is PocketBase's convention for public files.
package pb_public

import (
	"embed"
	"io/fs"
)

//go:embed index.html app.css js vendor
var files embed.FS

// FS is the web app's files, index.html at its root.
var FS fs.FS = files
