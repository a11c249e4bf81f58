# Sourced by ./build and ./tock: points JAVA_HOME at a JDK 21 or newer, or explains how to get one, and
# keeps Maven's output free of terminal escape codes.

tock_java_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

tock_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local dir
  for dir in $(ls -d /usr/lib/jvm/* /opt/java/* /usr/local/opt/openjdk* 2>/dev/null | sort -rV); do
    candidates+=("$dir")
  done
  local home version
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    version=$(tock_java_version "$home")
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
      export JAVA_HOME="$home"
      # Maven's own libraries trip a JDK 24+ warning about sun.misc.Unsafe; it is noise.
      if [ "$version" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "Tock needs a JDK 21 or newer. Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+)" >&2
  echo "and set JAVA_HOME to it; looked in \$JAVA_HOME, the javac on PATH and /usr/lib/jvm." >&2
  return 1
}

tock_find_jdk || exit 1
# Maven 3.8 (Debian's) writes ANSI resets (ESC[0m) even in batch mode and into pipes; jansi.noreset stops them.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"
