package routes_test

import (
	"os"
	"testing"

	"github.com/todomate/todomate/internal/fixture"
)

func TestMain(m *testing.M) {
	os.Exit(fixture.Run(m))
}
