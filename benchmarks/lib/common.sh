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
