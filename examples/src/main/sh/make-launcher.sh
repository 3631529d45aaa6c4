#!/bin/sh
# Build step (examples/pom.xml, phase package): puts the launcher beside baton.jar and lets it
# create its class-data-sharing archive. The archive is trained on two runs: the demo, run as the
# plain jar, leaves the list of the classes it loads in baton.classlist (kept beside the jar: the
# launcher adds it to every archive it creates); then 'pipeline show' in the demo's repository, run
# through the launcher, creates the archive of both lists. A failure to create the archive does
# not fail the build: the launcher creates it on its first run.
# Arguments: the build folder (holding baton.jar), then "true" to skip the archive.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
cd "$1"
cp "$here/baton" baton
chmod 755 baton
rm -rf cds-training baton.classlist
[ "${2:-false}" = true ] && exit 0
# The class list's path is relative (the demo's JVM runs in this folder): BATON_JAVA_OPTS is split
# at spaces, so an absolute path would break in a build folder whose path has one.
if ! BATON_CDS=off BATON_JAVA_OPTS="-XX:DumpLoadedClassList=baton.classlist" \
    ./baton demo --dir cds-training/shop > cds-training.log 2>&1 \
    || ! (cd cds-training/shop && ../../baton pipeline show) >> cds-training.log 2>&1; then
  echo "baton: no class-data-sharing archive (see $1/cds-training.log);" \
    "the launcher creates one on its first run"
fi
