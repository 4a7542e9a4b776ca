#!/usr/bin/env bash
# The fleet files in contrib/: the Prometheus alerting rules (promtool check
# rules, promtool test rules), the Grafana dashboard, and the systemd unit
# (systemd-analyze verify). Every metric name in a rule's expr, in the rules'
# test series and in a dashboard query, and every label value they match on,
# must be one a real `headroom watch --metrics-file` run writes; a self-check
# shows the name check fails on a name that does not exist.
set -euo pipefail
: "${HEADROOM:?}"
for tool in promtool systemd-analyze jq man; do
  command -v "$tool" > /dev/null || { echo "skip: $tool not installed (tools/deps.sh check)"; exit 77; }
done
rules=contrib/prometheus/headroom.rules.yml
rules_test=contrib/prometheus/headroom.rules.test.yml
dash=contrib/grafana/headroom.json
unit=contrib/headroom-watch.service
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# The names a real run writes: watch in dry-run over a fixture root that has
# meminfo, swap and PSI with "full" (everything but the refault counter,
# which exists only while a reclaim is being watched, and which no rule or
# panel uses). Its file must itself pass promtool check metrics.
: > "$t/watch.conf"
"$HEADROOM" watch --dry-run --root tests/roots/wsl2-model-on-drvfs --interval 100ms --duration 300ms \
  --config "$t/watch.conf" --metrics-file "$t/m.prom" --log "$t/watch.log"
promtool check metrics < "$t/m.prom"
awk '!/^#/ && NF { sub(/[{ ].*/, "", $1); print $1 }' "$t/m.prom" | sort -u > "$t/names"
[[ $(wc -l < "$t/names") -ge 20 ]] || { echo "only $(wc -l < "$t/names") metric names in the run"; exit 1; }
grep -qx headroom_host_view_used_bytes "$t/names"

# The exprs of a rules file, one a line: `expr: ...` on one line or a block
# (`expr: |` and the lines indented below it). Fails unless there is one expr
# for each alert or record, so that a form this reader misses is an error.
rule_exprs() {
  local n_rules n_exprs
  awk '
    function flush() { if (e != "") { gsub(/[ \t]+/, " ", e); print e } e = ""; inblock = 0 }
    /^[ \t]*expr:/ {
      flush()
      s = $0; sub(/^[ \t]*expr:[ \t]*/, "", s)
      if (s ~ /^[|>][-+]?[ \t]*$/) { inblock = 1; bind = match($0, /[^ ]/); next }
      if (s ~ /^".*"$/ || s ~ /^\x27.*\x27$/) s = substr(s, 2, length(s) - 2)
      e = s; flush(); next
    }
    inblock {
      if ($0 ~ /^[ \t]*$/) next
      if (match($0, /[^ ]/) > bind) { e = e " " $0; next }
      flush()
    }
    END { flush() }' "$1" > "$t/exprs"
  n_rules=$(grep -cE '^[[:space:]]*- (alert|record):' "$1")
  n_exprs=$(wc -l < "$t/exprs")
  [[ $n_rules -gt 0 && $n_rules -eq $n_exprs ]] || { echo "$1: $n_rules rules but $n_exprs exprs read"; return 1; }
  cat "$t/exprs"
}

# Every query of a dashboard, one a line: each target's expr, and the
# template variables' queries (label_values(METRIC, LABEL) as its METRIC).
# Fails unless every target has an expr.
dash_exprs() {
  jq -e '[.. | objects | select(has("targets")) | .targets[] | select(has("expr") | not)] | length == 0' "$1" > /dev/null ||
    { echo "$1: a target without an expr"; return 1; }
  jq -r '(.. | objects | select(has("targets")) | .targets[].expr),
         (.templating.list[] | select(.type == "query") | (.query | if type == "object" then .query else . end))' "$1" |
    sed -E 's/^label_values\(([^,)]*)(,[^)]*)?\)$/\1/'
}

# The metric names in PromQL exprs (stdin, one a line): what is left after
# strings, label matchers, ranges, grouping label lists, $variables and
# numbers go, less functions (a name before "(") and keywords.
promql_names() {
  sed -E -e 's/"([^"\\]|\\.)*"//g' -e "s/'([^'\\\\]|\\\\.)*'//g" -e 's/\{[^}]*\}//g' -e 's/\[[^]]*\]//g' \
    -e 's/\b(by|without|on|ignoring|group_left|group_right)[[:space:]]*\([^)]*\)//g' \
    -e 's/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?//g' |
    grep -oE '[0-9][0-9A-Za-z_.]*|[A-Za-z_:][A-Za-z0-9_:]*[[:space:]]*\(?' |
    grep -vE '^[0-9]|\($' | sed -E 's/[[:space:]]+$//' |
    grep -vE '^(and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan)$' || true
}

# Each NAME{label="value"} in the exprs (stdin) whose value is a literal: the
# run must have written NAME with that label and value (instance and job come
# from the scrape, not from headroom).
promql_label_pairs() {
  grep -oE '[A-Za-z_:][A-Za-z0-9_:]*\{[^}]*\}' | while IFS= read -r m; do
    name=${m%%\{*}
    grep -oE '[A-Za-z_][A-Za-z0-9_]*[[:space:]]*="[^"$]*"' <<< "$m" | tr -d ' ' |
      grep -vE '^(instance|job)=' | sed "s/^/$name /" || true
  done
}

# check_names WHAT < exprs: every metric name and label value known.
check_names() {
  local what=$1 bad=0 n=0 name pair
  cat > "$t/check-in"
  [[ -s $t/check-in ]] || { echo "$what: no queries read"; return 1; }
  while IFS= read -r name; do
    n=$((n + 1))
    grep -qxF "$name" "$t/names" || { echo "$what: '$name' is not a metric headroom watch writes"; bad=1; }
  done < <(promql_names < "$t/check-in")
  [[ $n -gt 0 ]] || { echo "$what: no metric names found"; return 1; }
  while read -r name pair; do
    grep -E "^$name\{" "$t/m.prom" | grep -qF "$pair" ||
      { echo "$what: $name has no series with $pair"; bad=1; }
  done < <(promql_label_pairs < "$t/check-in")
  return $bad
}

# --- the rules
promtool check rules "$rules"
promtool test rules "$rules_test"
rule_exprs "$rules" | check_names "$rules"
# the test file's input series carry the real names too
grep -oE "series: *'[^']*'" "$rules_test" | sed -E "s/series: *'//; s/'$//" > "$t/series"
[[ -s $t/series ]]
check_names "$rules_test" < "$t/series"
echo "rules: $(rule_exprs "$rules" | wc -l) checked and unit-tested, every name written by watch: ok"

# --- the dashboard
jq -e '.title == "headroom" and (.panels | length) > 0 and ([.panels[].id] | length == (unique | length))' "$dash" > /dev/null
dash_exprs "$dash" > "$t/dash-exprs"
check_names "$dash" < "$t/dash-exprs"
echo "dashboard: $(wc -l < "$t/dash-exprs") queries, every name written by watch: ok"

# --- the self-check: a name or a label value that does not exist must fail
# the check (while promtool, which knows no metric names, still passes it)
sed 's/headroom_host_view_used_bytes/headroom_host_view_usd_bytes/' "$rules" > "$t/bad.rules.yml"
promtool check rules "$t/bad.rules.yml" > /dev/null
if rule_exprs "$t/bad.rules.yml" | check_names bad-rules > "$t/bad.out"; then
  echo "a rule naming headroom_host_view_usd_bytes passed the name check"; exit 1
fi
grep -q "'headroom_host_view_usd_bytes' is not a metric" "$t/bad.out"
sed 's/kind="full"/kind="partial"/' "$rules" > "$t/bad-label.rules.yml"
if rule_exprs "$t/bad-label.rules.yml" | check_names bad-label > "$t/bad.out"; then
  echo "a rule matching kind=\"partial\" passed the name check"; exit 1
fi
grep -q 'has no series with kind="partial"' "$t/bad.out"
jq '.panels[1].targets[0].expr |= sub("headroom_psi_memory_stall_seconds_total"; "node_pressure_memory_stalled_seconds_total")' \
  "$dash" > "$t/bad.json"
if dash_exprs "$t/bad.json" | check_names bad-dashboard > "$t/bad.out"; then
  echo "a dashboard query naming a node_exporter metric passed the name check"; exit 1
fi
grep -q "'node_pressure_memory_stalled_seconds_total' is not a metric" "$t/bad.out"
echo "self-check: a wrong metric name or label value fails the check: ok"

# --- the systemd unit. verify needs ExecStart's binary to exist, so it reads
# a copy with /usr/bin/headroom (where the .deb installs it) pointed at the
# binary under test, and it runs man for Documentation=, so MANPATH holds the
# page. Any message (an unknown key is only a warning) is a failure.
grep -q '^ExecStart=/usr/bin/headroom watch ' "$unit"
grep -q '^StateDirectory=headroom$' "$unit"
mkdir -p "$t/unit" "$t/man/man1"
cp man/headroom-watch.1 "$t/man/man1/"
sed "s|/usr/bin/headroom|$(realpath "$HEADROOM")|g" "$unit" > "$t/unit/headroom-watch.service"
if ! MANPATH=$t/man systemd-analyze verify "$t/unit/headroom-watch.service" > "$t/verify.out" 2>&1 ||
  [[ -s $t/verify.out ]]; then
  echo "systemd-analyze verify $unit:"; cat "$t/verify.out"; exit 1
fi
# the metrics path is in the StateDirectory systemd creates, not in a
# node_exporter directory that may not exist
metrics=$(sed -n 's/^Environment=HEADROOM_METRICS=//p' "$unit")
[[ $metrics == /var/lib/headroom/* ]] || { echo "HEADROOM_METRICS=$metrics is not in StateDirectory"; exit 1; }
# ExecStart's command line, as systemd would expand it (the binary under test,
# HEADROOM_METRICS in a temporary state directory), is one watch accepts and
# writes its metrics from; --dry-run and --duration added so it writes nothing
# else and ends
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
mkdir -p "$t/state/headroom"
exec_start=${exec_start//\$\{HEADROOM_METRICS\}/$t/state/headroom/headroom.prom}
read -ra argv <<< "$exec_start"
[[ ${argv[0]} == /usr/bin/headroom ]]
"$HEADROOM" "${argv[@]:1}" --dry-run --duration 300ms --config "$t/watch.conf" --log "$t/unit.log"
grep -q '^headroom_watch_mode{mode="gradual",dry_run="true"} 1$' "$t/state/headroom/headroom.prom"
echo "systemd unit: systemd-analyze verify, ExecStart's command line runs: ok"
