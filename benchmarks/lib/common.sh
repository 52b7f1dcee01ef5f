# Shell shared by benchmarks/dnsbl-latency and benchmarks/end-to-end (sourced, not run).

# Builds the mailets JAR and the benchmarks module in one reactor build (nothing is installed into
# the shared ~/.m2, where a SNAPSHOT would leak into other checkouts), and sets CP to the
# benchmarks' class path.
bench_build() {
    mvn -B -q -f "$ROOT/pom.xml" -pl benchmarks -am package dependency:build-classpath -DskipTests -Dfuzz.skip=true \
        -Dmdep.outputFile="$ROOT/benchmarks/target/classpath.txt"
    CP="$ROOT/benchmarks/target/$(cd "$ROOT/benchmarks/target" && ls bounceguard-benchmarks-*.jar | head -1):$(cat "$ROOT/benchmarks/target/classpath.txt")"
}

# rbldnsd must be installed (Debian package; the DNS side of every benchmark is a real rbldnsd).
bench_require_rbldnsd() {
    if [ ! -x /usr/sbin/rbldnsd ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y rbldnsd >/dev/null
    fi
}

# Call before measuring: the load average the results file reports.
bench_record_load() {
    BENCH_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
}

# The machine description every results file starts with.
bench_machine() {
    cat <<MD
## Machine
- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores
- Memory: $(free -h | awk '/^Mem:/ {print $2}')
- Java: $(java -version 2>&1 | head -1)
- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)
- Load when the measurements started: $BENCH_LOAD (1/5/15 min; the machine is shared, other
  builds and tests may run at the same time and take CPU from both sides alike)
MD
}

# James 3.8.1's memory-app distribution (the app jar beside james-server-memory-app.lib/), laid out
# from the same pom scripts/run uses, once, into $1.
bench_james_distribution() {
    local dist=$1
    if [ ! -f "$dist/james-server-memory-app.jar" ]; then
        mvn -B -q -f "$ROOT/scripts/james-distribution/pom.xml" dependency:copy-dependencies \
            -DoutputDirectory="$dist/james-server-memory-app.lib" -DincludeScope=runtime
        mv "$dist/james-server-memory-app.lib/james-server-memory-app-3.8.1.jar" "$dist/james-server-memory-app.jar"
    fi
}

# Before/after comparison: with BOUNCEGUARD_BENCH_BEFORE set to another checkout of this project
# (e.g. a `git worktree add --detach DIR COMMIT`), dnsbl-latency, dnsbl-warm-path and
# bounce-vs-sisimai also build that checkout's benchmarks (in its own target/, nothing installed),
# run every round on both builds, alternating which goes first, and write
# benchmarks/target/<name>-before-after.md instead of the results file. "after" is this checkout.
# BOUNCEGUARD_BENCH_MAVEN_FLAGS adds Maven flags to every build, e.g. -o to build offline.
BENCH_BEFORE=${BOUNCEGUARD_BENCH_BEFORE:-}
BENCH_MAVEN_FLAGS=${BOUNCEGUARD_BENCH_MAVEN_FLAGS:-}

# Prints the benchmarks' class path of checkout $1 (absolute), after building its benchmarks module.
bench_classpath_of() {
    local checkout=$1
    mvn -B -q $BENCH_MAVEN_FLAGS -f "$checkout/pom.xml" -pl benchmarks -am package dependency:build-classpath \
        -DskipTests -Dfuzz.skip=true -Dmdep.outputFile="$checkout/benchmarks/target/classpath.txt" >&2
    echo "$checkout/benchmarks/target/$(cd "$checkout/benchmarks/target" && ls bounceguard-benchmarks-*.jar | head -1):$(cat "$checkout/benchmarks/target/classpath.txt")"
}

# The two sides of round $1 in the order they run: odd rounds before first, even rounds after
# first, so that a load that rises or falls during the run weighs on both alike.
bench_sides_of_round() {
    if [ $(( $1 % 2 )) -eq 1 ]; then echo "before after"; else echo "after before"; fi
}

# The commit of checkout $1, for the results.
bench_commit_of() {
    git -C "$1" log -1 --format='%h %s' 2>/dev/null | cut -c1-100 || echo "(not a git checkout)"
}
