#!/bin/sh
# Build step (examples/pom.xml, phase package): puts the launcher beside baton.jar and lets it
# create its class-data-sharing archive by running the demo once. A failure to create the archive
# does not fail the build: the launcher creates it on its first run.
# Arguments: the build folder (holding baton.jar), then "true" to skip the archive.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
cd "$1"
cp "$here/baton" baton
chmod 755 baton
rm -rf cds-training
[ "${2:-false}" = true ] && exit 0
if ! ./baton demo --dir cds-training/shop > cds-training.log 2>&1; then
  echo "baton: no class-data-sharing archive (see $1/cds-training.log);" \
    "the launcher creates one on its first run"
fi
