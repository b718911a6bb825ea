//go:build replication

package replication_test

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// suite is what run.sh hands the tests through the environment.
var suite struct {
	bin string // TODOMATE_BIN: the binary under test

	// TODOMATE_SERVER_CPUS (optional): the CPUs the servers run on, a
	// taskset list, as on a machine of that many (empty: all of them)
	serverCPUs string

	// the S3 server (scripts/s3-server.sh's output)
	endpoint, region, filesBucket, backupsBucket, accessKey, secretKey string

	// TODOMATE_TEST_S3_DIR and TODOMATE_TEST_S3_SCRIPT: the S3 server's
	// state dir and the script that stops and restarts it
	s3Dir, s3Script string

	// TODOMATE_REPLICATION_REPORT (optional): a directory for the tables
	report string
}

func TestMain(m *testing.M) {
	missing := []string{}
	get := func(name string) string {
		value := os.Getenv(name)
		if value == "" {
			missing = append(missing, name)
		}
		return value
	}
	suite.bin = get("TODOMATE_BIN")
	suite.endpoint = get("TODOMATE_S3_ENDPOINT")
	suite.region = get("TODOMATE_S3_REGION")
	suite.filesBucket = get("TODOMATE_S3_BUCKET")
	suite.backupsBucket = get("TODOMATE_S3_BACKUPS_BUCKET")
	suite.accessKey = get("AWS_ACCESS_KEY_ID")
	suite.secretKey = get("AWS_SECRET_ACCESS_KEY")
	suite.s3Dir = get("TODOMATE_TEST_S3_DIR")
	suite.s3Script = get("TODOMATE_TEST_S3_SCRIPT")
	suite.report = os.Getenv("TODOMATE_REPLICATION_REPORT")
	suite.serverCPUs = os.Getenv("TODOMATE_SERVER_CPUS")
	if len(missing) > 0 {
		// a failure, not a skip: these tests run only through run.sh
		fmt.Fprintf(os.Stderr, "ops/replication: missing %s: run ops/replication/run.sh\n", strings.Join(missing, ", "))
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// newReplicaURL is a replica of its own in the files bucket (as in
// production, under a prefix no uploaded file has), so that no test restores
// another's database.
func newReplicaURL(name string) string {
	query := url.Values{
		"endpoint":       {suite.endpoint},
		"region":         {suite.region},
		"forcePathStyle": {"true"},
	}
	return fmt.Sprintf("s3://%s/replication-test/%s-%d?%s",
		suite.filesBucket, name, time.Now().UnixNano(), query.Encode())
}

// serverEnv is the environment of a todomate process: this one's without any
// TODOMATE_ or AWS_ variable, plus the replica URL (none when empty) and,
// with files, uploaded files and backups on S3.
func serverEnv(replicaURL string, files bool) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TODOMATE_") && !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	if replicaURL != "" || files {
		env = append(env, "AWS_ACCESS_KEY_ID="+suite.accessKey, "AWS_SECRET_ACCESS_KEY="+suite.secretKey)
	}
	if replicaURL != "" {
		env = append(env, "TODOMATE_REPLICA_URL="+replicaURL)
	}
	if files {
		env = append(env,
			"TODOMATE_S3_ENDPOINT="+suite.endpoint,
			"TODOMATE_S3_REGION="+suite.region,
			"TODOMATE_S3_BUCKET="+suite.filesBucket,
			"TODOMATE_S3_BACKUPS_BUCKET="+suite.backupsBucket,
		)
	}
	return env
}
