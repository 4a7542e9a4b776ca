#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# `windows status --json` carries every key the README documents, on every
# fixture root that has a .headroom/host.json: sizes as integers, and a
# null only ever with its "<key>_error" reason beside it.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp)
trap 'rm -f "$t"' EXIT
n=0
for root in tests/roots/*/; do
  [[ -f $root/.headroom/host.json ]] || continue
  set +e
  "$HEADROOM" --root "$root" windows status --json > "$t" 2> /dev/null
  rc=$?
  set -e
  [[ $rc -eq 2 ]] && continue # a malformed host.json (hostile-host): no JSON, by design
  [[ $rc -eq 0 ]] || { echo "$root: exit $rc"; exit 1; }
  jq -e '
    def num: type == "number" and . == floor and . >= 0;
    def v(k; t): (.[k] | t) or (.[k] == null and (.[k + "_error"] | type == "string"));
    (.from_snapshot == true) and (.spawned == 0) and (.origin | type == "string")
    and (.host.source | IN("helper", "powershell"))
    and (.host.os | v("product_name"; type == "string") and v("display_version"; type == "string")
                    and v("version"; type == "string") and v("build"; num) and v("ubr"; num)
                    and v("family"; type == "string") and v("release"; type == "string"))
    and (.host.memory | v("total"; num) and v("available"; num) and v("commit_total"; num)
                        and v("commit_limit"; num) and v("nonpaged_pool"; num) and v("paged_pool"; num))
    and (.host | v("process_count"; num))
    and (.host | v("vmmem"; (.name | type == "string") and (.pid | num) and (.working_set == null or (.working_set | num))))
    and (.host | v("browsers"; all(.[]; (.name | type == "string") and (.processes | num) and (.working_set | num))))
    and (.host | v("widgets"; (.processes | num) and (.working_set | num)))
    and (.host | v("top_processes"; all(.[]; (.name | type == "string") and (.pid | num))))
    and (.host | v("services"; all(.[]; (.name | type == "string") and (.display_name | type == "string")
                     and v("state"; type == "string") and v("start_type"; type == "string")
                     and v("delayed_auto_start"; type == "boolean") and v("pid"; num)
                     and (.process_services | num) and v("working_set"; num))))
    and (.host.ndu | v("start"; num) and v("state"; type == "string"))
    and (.host | v("adapters"; all(.[]; (.description | type == "string") and (.killer | type == "boolean") and (.msi | type == "boolean"))))
    and (.host.profile | v("path"; type == "string") and v("wslconfig"; type == "boolean") and v("wslconfig_size"; num))
    and (.host | (.gpu_processes == null and (.gpu_processes_error | type == "string"))
                 or (.gpu_processes | all(.[]; (.pid | num) and (.dedicated | num) and (.shared | num)
                                               and (.name == null or (.name | type == "string")))))
    and (.host | v("gpu_dedicated_used"; num))
    and (.host | v("uptime_ms"; num))
    and (.host | (.wsl_distros == null and (.wsl_distros_error | type == "string")) or (.wsl_distros | all(.[]; (.guid | type == "string") and v("name"; type == "string")
                     and v("vm_mode"; type == "boolean") and v("base_path"; type == "string")
                     and v("vhd_size"; num) and v("vhd_allocated"; num) and v("volume_total"; num)
                     and v("volume_free"; num) and v("volume_available"; num))))
    and (.host | (.wsl_swap == null and (.wsl_swap_error | type == "string"))
                 or (.wsl_swap | v("swap_file"; type == "string") and v("swap_file_size"; num)
                   and ((.temp_files == null and (.temp_files_error | type == "string"))
                        or (.temp_files | all(.[]; (.path | type == "string") and v("size"; num)
                                               and v("allocated"; num) and v("age_s"; num)
                                               and v("in_use"; type == "boolean"))))))
    and (.host | (.pagefile == null and (.pagefile_error | type == "string"))
                 or (.pagefile.paging_files | all(.[]; (.path | type == "string")
                      and (.system_managed | type == "boolean") and (.initial_mb | num) and (.max_mb | num))))
    and (.budget == null or (.budget | (.total, .available, .in_use, .vmmem_working_set, .outside_wsl,
                                        .wsl_could_have, .wsl_default_limit) | num))
    and (.items | length == 9 and all(.[]; (.id | type == "string") and (.recommended | type == "boolean")
                                        and (.measured_saving == null or (.measured_saving | num))))
    and (.seed_claims | length >= 4 and all(.[]; (.claim, .verdict, .source) | type == "string"))
    and (.protected | map(.name) == ["AppXSvc", "WaaSMedicSvc", "wuauserv", "BITS"])
  ' "$t" > /dev/null || { echo "$root: missing or mistyped keys"; jq 'del(.items)' "$t" | head -60; exit 1; }
  n=$((n + 1))
done
(( n >= 4 )) || { echo "only $n fixture roots with host data"; exit 1; }
# exact figures on the 16 GB fixture
"$HEADROOM" --root tests/roots/wsl2-16g-default windows status --json > "$t"
[[ $(jq .host.memory.total "$t") == 16902316032 ]]
[[ $(jq .budget.wsl_default_limit "$t") == 8451158016 ]]
[[ $(jq -r '.host.os.release' "$t") == 24H2 ]]
[[ $(jq '[.items[] | select(.recommended) | .id] | join(",")' "$t") == '"dosvc,sysmain,ndu,widgets,pagefile"' ]]
echo "documented keys present on $n fixture hosts"
