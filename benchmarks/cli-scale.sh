#!/usr/bin/env bash
# The CLI (a whole process per command) on a small and a large state ref: `history`, `show`,
# `show` of a short id (`prefix`: the first 8 characters of a real request's uuid, which the
# CLI resolves among every id) and `request` on the `baton init` sample whose refs/baton/state
# also holds N completed promotions of its project (default N = 10 and 100000), seeded in one
# commit and one pack by dev.baton.benchmarks.StateStoreSeed, plus that one request.
#
# Prints, per command and size, the mean wall time and the mean CPU time (user + system, which
# says more than wall time on a loaded machine) of RUNS runs and the largest peak RSS among them
# (all from /usr/bin/time), then the large/small ratios; and checks that every command also
# succeeds with -Xmx256m on the large repository.
#
# Usage (from anywhere; build first with
#   mvn -B -o -q package -pl examples,benchmarks -am -DskipTests):
#   benchmarks/cli-scale.sh [JAR...]
# JAR defaults to examples/target/baton.jar; give several (e.g. a build from before a change)
# to compare them in the same run, the commands of each JAR alternating with the others'.
# Environment: SIZES ("10 100000"), RUNS (10), WARMUP (2), WORK (benchmarks/target/cli-scale).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench_jar=$root/benchmarks/target/benchmarks.jar
sizes=${SIZES:-"10 100000"}
runs=${RUNS:-10}
warmup=${WARMUP:-2}
work=${WORK:-$root/benchmarks/target/cli-scale}
if [ $# -eq 0 ]; then
  set -- "$root/examples/target/baton.jar"
fi
jars=()
for jar in "$@"; do
  [ -f "$jar" ] || { echo "missing $jar (build first, see the header)" >&2; exit 1; }
  jars+=("$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")")
done
[ -f "$bench_jar" ] || { echo "missing $bench_jar (build first)" >&2; exit 1; }
set -- "${jars[@]}"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
rm -rf "$work"
mkdir -p "$work"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# One repository per size and jar, so a jar's derived files never serve another.
repo() { echo "$work/j$1-n$2/shop"; }
j=0
for jar in "$@"; do
  j=$((j + 1))
  for n in $sizes; do
    dir=$(repo $j $n)
    mkdir -p "$(dirname "$dir")"
    (cd "$(dirname "$dir")" && java -jar "$jar" init shop > /dev/null)
    git -C "$dir" config user.email "alice@example.com"
    java -cp "$bench_jar" dev.baton.benchmarks.StateStoreSeed "$dir/.git" shop "$n"
    # The first command of a repository reads the whole state once (and writes the derived
    # index file, where the jar has one); the measured runs come after it.
    (cd "$dir" && java -jar "$jar" history --limit 1 > /dev/null)
  done
done

# A request must move something each time: a new image tag in dev before every run.
cat > "$work/bump.sh" <<'EOF'
#!/bin/sh
set -e
cd "$1"
tag="1.$(date +%s%N)"
sed -i "s/newTag: .*/newTag: \"$tag\"/" envs/dev/kustomization.yaml
git commit -qam "dev: $tag"
EOF
chmod +x "$work/bump.sh"

# One real request per repository (a p-<uuid> id among the seeded promo-N ones): `prefix`
# shows it by the first 8 characters of its uuid.
j=0
for jar in "$@"; do
  j=$((j + 1))
  for n in $sizes; do
    dir=$(repo $j $n)
    "$work/bump.sh" "$dir"
    id=$(cd "$dir" && java -jar "$jar" request --from dev --to staging --notes prefix \
      | sed -n 's/^Requested \(p-[0-9a-f-]*\):.*/\1/p')
    [ -n "$id" ] || { echo "no id from the request in $dir" >&2; exit 1; }
    echo "${id:2:8}" > "$dir.prefix"
  done
done

measure() { # name jar-index size command... (@prefix: the repository's short id)
  local name=$1 jn=$2 n=$3 dir
  shift 3
  dir=$(repo $jn $n)
  local jar=${jars[$((jn - 1))]}
  local prepare="true"
  [ "$name" = request ] && prepare="$work/bump.sh $dir"
  local args="$*"
  args=${args//@prefix/$(cat "$dir.prefix")}
  local cmd="cd $dir && java -jar $jar $args"
  for _ in $(seq "$warmup"); do sh -c "$prepare"; sh -c "$cmd" > /dev/null; done
  : > "$work/times.txt"
  for _ in $(seq "$runs"); do
    sh -c "$prepare"
    /usr/bin/time -a -o "$work/times.txt" -f "%e %U %S %M" sh -c "$cmd > /dev/null"
  done
  # wall, CPU (user + system), peak RSS in MiB
  local stats
  stats=$(awk '{w += $1; c += $2 + $3; if ($4 > m) m = $4} END {
    printf "%.3f %.3f %d", w / NR, c / NR, m / 1024}' "$work/times.txt")
  results+=("$name $jn $n $stats")
}

commands=("history|history --limit 20" "show|show promo-5" "prefix|show @prefix"
  "request|request --from dev --to staging --notes bench")
results=()
for named in "${commands[@]}"; do
  name=${named%%|*}
  cmd=${named#*|}
  for n in $sizes; do
    for jn in $(seq ${#jars[@]}); do
      measure "$name" "$jn" "$n" $cmd
    done
  done
done

echo
printf '%-8s %-4s %8s %10s %10s %12s\n' command jar size "wall s" "CPU s" "peak RSS MiB"
for r in "${results[@]}"; do
  printf '%-8s %-4s %8s %10s %10s %12s\n' $r
done
echo
small=${sizes%% *}
large=${sizes##* }
for named in "${commands[@]}"; do
  name=${named%%|*}
  for jn in $(seq ${#jars[@]}); do
    ratio() { # column
      local a b
      a=$(printf '%s\n' "${results[@]}" | awk -v c=$name -v j=$jn -v n=$small -v k=$1 '$1==c && $2==j && $3==n {print $k}')
      b=$(printf '%s\n' "${results[@]}" | awk -v c=$name -v j=$jn -v n=$large -v k=$1 '$1==c && $2==j && $3==n {print $k}')
      python3 -c "print(round($b / $a, 2))"
    }
    echo "$name, jar $jn (${jars[$((jn - 1))]}): $large / $small = $(ratio 4) wall, $(ratio 5) CPU"
  done
done

echo
echo "with -Xmx256m on $large promotions:"
for jn in $(seq ${#jars[@]}); do
  dir=$(repo $jn $large)
  jar=${jars[$((jn - 1))]}
  "$work/bump.sh" "$dir"
  for named in "${commands[@]}"; do
    name=${named%%|*}
    cmd=${named#*|}
    cmd=${cmd//@prefix/$(cat "$dir.prefix")}
    if (cd "$dir" && java -Xmx256m -jar "$jar" $cmd > /dev/null 2> "$work/err.txt"); then
      echo "  jar $jn: $name ok"
    else
      echo "  jar $jn: $name FAILED: $(tail -1 "$work/err.txt")"
    fi
  done
done
