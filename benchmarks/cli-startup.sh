#!/usr/bin/env bash
# Whole-process start of the baton CLI: `baton pipeline show` on the sample repository, run as
# the README does (java -jar), with the launcher's JVM options only, and through the launcher
# (examples/target/baton: the same options plus its class-data-sharing archive), beside the floor
# of an empty JVM start. The variants run in turn (round robin) so that a busy machine slows them
# alike; it prints the median and mean wall time of each, its ratio to java -jar, and the median
# CPU time (user + system, of the process and its threads), which a busy machine inflates less
# than the wall time. With
# hyperfine installed it also runs hyperfine over the same commands. BATON_BEFORE names a folder
# holding an earlier build's baton.jar and launcher (a copy of examples/target): its java -jar and
# launcher run in the same rounds, for a before/after comparison on the same machine load.
#
#   mvn -B -q -pl examples -am package -DskipTests   # baton.jar, the launcher and its archive
#   benchmarks/cli-startup.sh [RUNS] [COMMAND...]   # default: 20 runs of pipeline show
#   BATON_BEFORE=/tmp/before benchmarks/cli-startup.sh 10   # with an earlier build beside it
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd -P)
jar=$root/examples/target/baton.jar
launcher=$root/examples/target/baton
runs=${1:-20}
shift || true
[ $# -gt 0 ] || set -- pipeline show
[ -f "$jar" ] && [ -x "$launcher" ] || {
  echo "build first: mvn -B -q -pl examples -am package -DskipTests" >&2
  exit 1
}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

scratch=$root/benchmarks/target/cli-startup
rm -rf "$scratch"
mkdir -p "$scratch"
"$java" -jar "$jar" init "$scratch/shop" > /dev/null
cd "$scratch/shop"

fast="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
names=("java -jar" "java $fast -jar" "launcher (options + archive)" "floor: java -version")
commands=(
  "$java -jar $jar $*"
  "$java $fast -jar $jar $*"
  "$launcher $*"
  "$java -Xshare:auto $fast -version"
)

before=${BATON_BEFORE:-}
if [ -n "$before" ]; then
  [ -f "$before/baton.jar" ] && [ -x "$before/baton" ] || {
    echo "BATON_BEFORE=$before holds no baton.jar and launcher baton" >&2
    exit 1
  }
  names+=("before: java -jar" "before: launcher")
  commands+=("$java -jar $before/baton.jar $*" "$before/baton $*")
fi

# Warm-up: the launcher creates its archive if the build did not; JGit probes the file system.
for c in "${commands[@]}"; do
  $c > /dev/null 2>&1
  $c > /dev/null 2>&1
done

now() { date +%s%N; }
# Sets cpu_now: the CPU time of every child this shell waited for so far, in milliseconds
# (bash's 'times', run in this shell: in a subshell it would count the subshell's children).
children_cpu() {
  times > "$scratch/times"
  cpu_now=$(tail -1 "$scratch/times" | tr 'ms' '  ' |
    awk '{printf "%d", ($1 * 60 + $2 + $3 * 60 + $4) * 1000}')
}
declare -a times cpus
for ((r = 0; r < runs; r++)); do
  for i in "${!commands[@]}"; do
    children_cpu
    cpu=$cpu_now
    start=$(now)
    ${commands[$i]} > /dev/null 2>&1
    times[i]="${times[i]:-} $(( ($(now) - start) / 1000000 ))"
    children_cpu
    cpus[i]="${cpus[i]:-} $(( cpu_now - cpu ))"
  done
done

echo "baton $* -- $runs runs each, round robin; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
printf '%-32s %10s %10s %8s %12s\n' variant "median ms" "mean ms" "vs -jar" "CPU median"
base=
for i in "${!commands[@]}"; do
  read -r median mean < <(tr ' ' '\n' <<< "${times[i]}" | grep . | sort -n |
    awk '{a[NR] = $1; s += $1} END {print a[int((NR + 1) / 2)], int(s / NR)}')
  cpu=$(tr ' ' '\n' <<< "${cpus[i]}" | grep . | sort -n |
    awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  [ -n "$base" ] || base=$median
  printf '%-32s %10s %10s %8s %12s\n' "${names[i]}" "$median" "$mean" \
    "$(awk -v m="$median" -v b="$base" 'BEGIN {printf "%.2f", m / b}')" "$cpu"
done

if command -v hyperfine > /dev/null; then
  hyperfine -N -w 2 -r "$runs" "${commands[@]}"
fi
