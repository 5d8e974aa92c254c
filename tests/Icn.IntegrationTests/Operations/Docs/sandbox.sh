# Sourced before the documented commands run (DocsTests): a private HOME, mDNS off, icnd and icnctl from this
# build, and icnd started as an operator would in another terminal, then waited for until its RPC answers.
set -eo pipefail
export HOME="$SANDBOX/home" ICN_MDNS=false
mkdir -p "$HOME"
cd "$SANDBOX"
STEP="(prelude)"
trap 'echo "docs-sandbox: FAILED at $STEP (exit $?)" >&2' ERR

step() { STEP="$1"; echo "docs-sandbox: $1" >&2; }

# icnd runs in the background here, with a loopback address for each endpoint the command does not set, and the
# next command waits until its RPC answers (60 s at most; the node's log is shown if it exits or never answers).
icnd() {
  local data="${ICN_DATA_DIR:-$HOME/.icn}" args=("$@") i
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ ${args[i]} == --data-dir ]] && data=${args[i + 1]}
  done
  [[ " ${args[*]} " == *" --listen "* ]] || args+=(--listen "127.0.0.1:$SANDBOX_PORT_7777")
  [[ " ${args[*]} " == *" --metrics-addr "* ]] || args+=(--metrics-addr "127.0.0.1:$SANDBOX_PORT_9090")
  [[ " ${args[*]} " == *" --rpc-addr "* ]] || args+=(--rpc-addr "127.0.0.1:$SANDBOX_PORT_5601")
  local log
  log="$(mktemp "$SANDBOX/icnd-XXXX.log")"
  command icnd "${args[@]}" >"$log" 2>&1 &
  local pid=$!
  echo "$pid" >>"$SANDBOX/pids"
  local deadline=$((SECONDS + 60))
  until [[ -s "$data/rpc.addr" ]] && command icnctl --data-dir "$data" status >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "docs-sandbox: icnd exited:" >&2
      cat "$log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "docs-sandbox: icnd did not answer within 60 s:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
}
