#!/bin/sh
# Container entrypoint for the Dooor node agent: `start` by default, with the config file when one
# is mounted; any arguments (e.g. `status`) are passed to the agent instead.
set -eu
config=/etc/dooor/agent.properties
if [ "$#" -eq 0 ]; then
  set -- start
  [ -f "$config" ] && set -- start --config "$config"
fi
exec java ${JAVA_OPTS:--Xmx64m} -jar /opt/dooor/dooor-agent.jar "$@"
