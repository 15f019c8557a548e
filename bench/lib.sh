# Shared by the bench/run-*.sh scripts (sourced, not run): sets $root, enters it, and finds the JDK 25 that ./mvnw
# uses ($JAVA_HOME), or stops with the reason.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. "$root/.mvn/find-jdk.sh"
hearth_find_jdk
if [ -n "$HEARTH_JDK_ERROR" ]; then echo "$HEARTH_JDK_ERROR" >&2; exit 1; fi

# bench_build POM [MAVEN ARGS...]: unless SKIP_BUILD=1, installs Hearth into the local Maven repository (the
# benchmark modules resolve it from there; MAVEN ARGS narrow the build, e.g. -pl hearth-embed -am), then packages the
# benchmark module POM.
bench_build() {
  local pom="$1"; shift
  [ "${SKIP_BUILD:-0}" = 1 ] && return 0
  echo "bench: building Hearth (./mvnw -DskipTests install $*) and $pom ..." >&2
  ./mvnw -q -B -ntp -DskipTests "$@" install >&2
  ./mvnw -q -B -ntp -DskipTests -f "$pom" package >&2
}
