# Sourced by the bench scripts: copies the distribution (WARREN_DIST, default this tree's cli/target, built first if
# needed) to "$1/dist" as "$2.jar", so that sources edited while a fleet runs do not rebuild it under the fleet, and
# exports WARREN_JAR, so that each process started in the background is the JVM itself (the launcher execs java): its
# PID is the one to signal and to measure. Needs $root, the repository.
copy_dist() { # directory, name
  local source_dist=${WARREN_DIST:-$root/cli/target}
  [ -n "${WARREN_DIST:-}" ] || "$root/warren" --version >/dev/null
  mkdir -p "$1/dist"
  (
    exec 9>"$root/cli/target/.build.lock"   # the lock ./warren builds under: never copy a half-written distribution
    command -v flock >/dev/null && flock 9
    cp -r "$source_dist/lib" "$1/dist/"
    cp "$source_dist/warren-cli.jar" "$1/dist/$2.jar"
  )
  export WARREN_JAR="$1/dist/$2.jar"
}
