#!/usr/bin/env bash
# Builds target/activation-worker.jsa, the class-data sharing archive that config/jvm.options
# names (-XX:SharedArchiveFile), run by `mvn package` right after the jar (pom.xml, issue 18.7).
#
# A fresh JVM spends its first seconds loading and verifying ~10,000 classes (Jetty, the JDBC
# driver, Flyway, Jdbi, Jakarta Mail, FreeMarker, Jackson ...). The archive holds them already
# parsed and verified, so `run` maps them instead (bench/NOTES.md §27). It is recorded from a
# short training `run` of the jar itself: embedded PostgreSQL and SMTP, the sample feed, its mails
# sent, a page or two served, then a normal shutdown, at which the JVM writes the archive.
#
# Never fails the build: without the archive (or with one from another build of the jar, which
# the JVM refuses with a warning) every command still runs, only without the shared classes.
set -uo pipefail
cd "$(dirname "$0")/../.."
jar=target/activation-worker.jar
archive=target/activation-worker.jsa
work=target/cds-training
rm -rf "$work" "$archive"
mkdir -p "$work/feed"
cp config/feed/*.yaml "$work/feed/"
# config/jvm.options without the archive it names: that is the file being written.
grep -v 'SharedArchiveFile' config/jvm.options > "$work/jvm.options"

give_up() {
  echo "cds-archive: $1; building without a class-data sharing archive (see $work/run.log)" >&2
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  rm -f "$archive"
  exit 0
}

free_port() {
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
}
port=$(free_port)
smtp_port=$(free_port)
[ -n "$port" ] && [ -n "$smtp_port" ] || give_up "no free port"

# Only this training run's settings: no ACTIVATION_* variable of the caller's shell leaks in.
env -i PATH="$PATH" HOME="${HOME:-/tmp}" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  ACTIVATION_DATA_DIR="$work/data" ACTIVATION_FEED_DIR="$work/feed" ACTIVATION_HTTP_PORT="$port" ACTIVATION_SMTP_PORT="$smtp_port" \
  ACTIVATION_PUBLIC_BASE_URL="http://127.0.0.1:$port" ACTIVATION_FEED_POLL_SECONDS=1 \
  java @"$work/jvm.options" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$jar" run > "$work/run.log" 2>&1 &
pid=$!

# Wait for the sample feed's mails (one per agreement), then open pages the way people do.
deadline=$((SECONDS + 300))
until [ "$(grep -c 'event=message_sent' "$work/run.log" 2>/dev/null)" -ge 3 ]; do
  kill -0 "$pid" 2>/dev/null || give_up "the training run ended early"
  [ $SECONDS -lt $deadline ] || give_up "no mail sent within 300 s"
  sleep 1
done
for path in /healthz /activate/training-unknown-token / /help; do
  (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3 \
    && cat <&3 >/dev/null) 2>/dev/null || true
done
kill -TERM "$pid"
wait "$pid"
[ -s "$archive" ] || give_up "the JVM wrote no archive"
echo "cds-archive: wrote $archive ($(du -k "$archive" | cut -f1) KiB)"
