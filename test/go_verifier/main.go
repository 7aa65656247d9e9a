// go_verifier checks a Bourse transparency log with Go's golang.org/x/mod/sumdb/note and tlog
// packages: an implementation that shares no code with Bourse.
//
// Usage: go_verifier BASE_URL
// It fetches /log/vkey, opens /log/checkpoint with note.Open, reads the C2SP tiles through
// tlog.TileHashReader (which authenticates every tile against the signed root), recomputes the
// tree hash, and proves every entry (from the entry bundles) and the consistency of every
// smaller tree size with tlog.ProveRecord/CheckRecord and ProveTree/CheckTree.
package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base string

func get(path string) []byte {
	resp, err := http.Get(base + "/log/" + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		fail("GET %s: HTTP %d", path, resp.StatusCode)
	}
	return body
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go verifier: "+format+"\n", args...)
	os.Exit(1)
}

// c2spPath turns Go's "tile/8/L/N[.p/W]" into C2SP's "tile/L/N[.p/W]".
func c2spPath(t tlog.Tile) string {
	return strings.Replace(t.Path(), "tile/8/", "tile/", 1)
}

type tileReader struct{}

func (tileReader) Height() int { return 8 }
func (tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		out[i] = get(c2spPath(t))
	}
	return out, nil
}
func (tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

func main() {
	if len(os.Args) != 2 {
		fail("usage: go_verifier BASE_URL")
	}
	base = strings.TrimRight(os.Args[1], "/")
	vkey := strings.TrimSpace(string(get("vkey")))
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	n, err := note.Open(get("checkpoint"), note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("checkpoint body: %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("tree size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("root hash: %v", err)
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	tree := tlog.Tree{N: size, Hash: root}
	reader := tlog.TileHashReader(tree, tileReader{})
	th, err := tlog.TreeHash(size, reader)
	if err != nil || th != root {
		fail("tree hash from tiles: %v (got %v, want %v)", err, th, root)
	}
	// Every entry, from the C2SP entry bundles (uint16 length-prefixed).
	var entries [][]byte
	for start := int64(0); start < size; start += 256 {
		w := size - start
		path := "tile/entries/" + strings.TrimPrefix(tlog.Tile{H: 8, L: 0, N: start / 256, W: 256}.Path(), "tile/8/0/")
		if w < 256 {
			path = "tile/entries/" + strings.TrimPrefix(tlog.Tile{H: 8, L: 0, N: start / 256, W: int(w)}.Path(), "tile/8/0/")
		}
		bundle := get(path)
		for len(bundle) > 0 {
			if len(bundle) < 2 {
				fail("truncated bundle %s", path)
			}
			l := int(bundle[0])<<8 | int(bundle[1])
			entries = append(entries, append([]byte(nil), bundle[2:2+l]...))
			bundle = bundle[2+l:]
		}
	}
	if int64(len(entries)) != size {
		fail("%d entries for a tree of %d", len(entries), size)
	}
	for i, e := range entries {
		proof, err := tlog.ProveRecord(size, int64(i), reader)
		if err != nil {
			fail("prove record %d: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, size, root, int64(i), tlog.RecordHash(e)); err != nil {
			fail("record %d: %v", i, err)
		}
	}
	for t := int64(1); t < size; t += 1 + t/4 {
		proof, err := tlog.ProveTree(size, t, reader)
		if err != nil {
			fail("prove tree %d: %v", t, err)
		}
		old, err := tlog.TreeHash(t, reader)
		if err != nil {
			fail("tree hash %d: %v", t, err)
		}
		if err := tlog.CheckTree(proof, size, root, t, old); err != nil {
			fail("consistency %d->%d: %v", t, size, err)
		}
	}
	fmt.Printf("go verifier: OK %s size=%d, %d records proven, signed by %s\n", verifier.Name(), size, len(entries), vkey)
}
