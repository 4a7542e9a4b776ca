#!/usr/bin/env bash
# The microphone consent, read by headroom-win.exe under Wine (Debian's
# wine64) through headroom's live path (HEADROOM_WIN_HELPER, as
# windows-wine.sh does). The test writes the registry values Settings
# writes with Wine's own `reg add` / `reg delete`:
#   HKCU\Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\
#   ConsentStore\microphone            Value (Microphone access)
#   ...\microphone\NonPackaged         Value (Let desktop apps access your microphone)
# and checks, for each of absent, Allow and Deny, what `windows status
# --json` reports, what `windows status` prints, and whether `doctor`
# raises audio.mic-denied (with the fix line that opens the Settings page).
# Its own Wine prefix (build/wine-prefix-consent), so the registry it
# writes is no other test's.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
. tests/cli/lib/wine.sh
wine_setup wine-prefix-consent

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
wine_helper "$t/helper"

key='HKCU\Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore\microphone'
reg() { "$wine" reg "$@" > /dev/null 2>&1; }
set_value() { # subkey-suffix value|-
  if [[ $2 == - ]]; then
    reg delete "$key$1" /v Value /f || true
  else
    reg add "$key$1" /v Value /t REG_SZ /d "$2" /f
  fi
}
run() { # tag: the helper's reading as JSON, text and doctor
  HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status --json > "$t/$1.json"
  HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status > "$t/$1.txt"
  HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" doctor --only audio --json > "$t/$1.doctor" || true
}
fail() { echo "$1:"; jq -c '.host.microphone' "$t/$2.json"; grep -i microphone "$t/$2.txt" || true; exit 1; }

# absent: neither value set (the key removed): not set, nothing raised
reg delete "$key" /f || true
run absent
jq -e '.host.source == "helper" and .host.microphone.value == null
       and (.host.microphone.value_error | test("^not set"))
       and .host.microphone.non_packaged == null
       and (.host.microphone.non_packaged_error | test("^not set"))' "$t/absent.json" > /dev/null ||
  fail "absent values not reported as not set" absent
grep -q "microphone access unknown: not set" "$t/absent.txt" || fail "windows status, absent" absent
jq -e '[.findings[] | select(.id == "audio.mic-denied")] | length == 0' "$t/absent.doctor" > /dev/null ||
  fail "audio.mic-denied raised with nothing set" absent

# Allow for both: reported as read, nothing raised
set_value '' Allow
set_value '\NonPackaged' Allow
run allow
jq -e '.host.microphone == {"value": "Allow", "non_packaged": "Allow"}' "$t/allow.json" > /dev/null ||
  fail "Allow not read back" allow
grep -q "microphone access on (Allow); let desktop apps access your microphone on (Allow)" \
  "$t/allow.txt" || fail "windows status, Allow" allow
jq -e '[.findings[] | select(.id == "audio.mic-denied")] | length == 0' "$t/allow.doctor" > /dev/null ||
  fail "audio.mic-denied raised with Allow" allow

# desktop apps denied: doctor raises it, with the line that opens Settings
set_value '\NonPackaged' Deny
run deny
jq -e '.host.microphone == {"value": "Allow", "non_packaged": "Deny"}' "$t/deny.json" > /dev/null ||
  fail "Deny not read back" deny
grep -q "let desktop apps access your microphone OFF (Deny)" "$t/deny.txt" ||
  fail "windows status, Deny" deny
jq -e '.findings[] | select(.id == "audio.mic-denied")
       | (.title | test("desktop apps"))
       and .fix.commands == [{"shell": "bash", "command": "cmd.exe /c start ms-settings:privacy-microphone"}]' \
  "$t/deny.doctor" > /dev/null || { echo "doctor:"; jq -c '.findings[] | select(.id == "audio.mic-denied")' "$t/deny.doctor"; exit 1; }

# every app denied, the desktop value removed
set_value '' Deny
set_value '\NonPackaged' -
run deny-all
jq -e '.host.microphone.value == "Deny" and .host.microphone.non_packaged == null' "$t/deny-all.json" > /dev/null ||
  fail "Value Deny with NonPackaged absent" deny-all
jq -e '.findings[] | select(.id == "audio.mic-denied") | .title | test("every app")' "$t/deny-all.doctor" > /dev/null ||
  fail "audio.mic-denied for Value Deny" deny-all

reg delete "$key" /f || true
echo "microphone consent under Wine: absent, Allow, Deny (desktop apps), Deny (all) each read back"
