# Sourced by ./mvnw and ./hearth (POSIX sh). Points JAVA_HOME at a JDK 25 or newer.
# Order: JAVA_HOME when it is already 25+, then the usual install places.
# Sets HEARTH_JDK_ERROR instead of exiting, so each caller decides how to fail.

hearth_java_feature() {
  # Prints the feature release (e.g. 25) of the JDK at $1, or nothing.
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

hearth_find_jdk() {
  HEARTH_JDK_ERROR=""
  # The globs below need pathname expansion, which mvnw turns off (set -f).
  case $- in *f*) hearth_noglob=1 ;; *) hearth_noglob=0 ;; esac
  set +f
  hearth_search_jdk
  [ "$hearth_noglob" = 1 ] && set -f
  return 0
}

hearth_search_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(hearth_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* \
                   /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/jdk-2[6-9]* \
                   /opt/java/openjdk /opt/jdk-25* "$HOME"/.sdkman/candidates/java/25* \
                   /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    [ -d "$candidate" ] || continue
    v=$(hearth_java_feature "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      JAVA_HOME="$candidate"; export JAVA_HOME; return 0
    fi
  done
  HEARTH_JDK_ERROR="Hearth needs JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}).
Install one, e.g. Temurin 25 (apt: temurin-25-jdk from packages.adoptium.net, or sdk install java 25-tem),
then set JAVA_HOME to it."
}
