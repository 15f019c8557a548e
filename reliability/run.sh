#!/usr/bin/env bash
# The chaos and fuzz suite (docs/reliability.md): one command per suite, against your own installation.
#   reliability/run.sh fuzz|auth|overload|coldstart|kill-replica|kill-server|updates|recreate|disconnects \
#       --url http://localhost:8080 --token ADMIN_TOKEN [--namespace-token T] [--model PATH] [suite options]
# Plain JDK 25 source files, run by the source launcher: nothing to build, nothing but the JDK needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/.mvn/find-jdk.sh"
hearth_find_jdk
if [ -n "$HEARTH_JDK_ERROR" ]; then echo "$HEARTH_JDK_ERROR" >&2; exit 2; fi
exec "$JAVA_HOME/bin/java" -Xmx512m -Dhearth.root="$root" "$root/reliability/src/Reliability.java" "$@"
