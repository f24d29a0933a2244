#!/usr/bin/env bash
# The scale benchmark, kernel figures included: compile + emit (cold, warm, peak memory) per output, then
# iptables-restore --test, iptables-restore and nft -f of every nft services layout, each into a fresh network
# namespace, and TCP connection setup to the first and the last service. Writes bench/results/kernel-bench.{md,csv}
# and docs/performance-scale.png. Needs root (network namespaces); never touches the host's own ruleset.
#
#   bash bench/kernel-bench.sh                      # 1k, 10k and 30k services × 5 endpoints
#   bash bench/kernel-bench.sh --sizes 1k           # one size
#   options: --sizes --endpoints --ports --seed --connects --load-timeout (s) --repeat --out --png
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "kernel-bench.sh creates network namespaces: run it as root" >&2
  exit 2
fi
for tool in ip nft iptables-restore; do
  command -v "$tool" >/dev/null || { echo "kernel-bench.sh needs $tool (iproute2, nftables, iptables)" >&2; exit 2; }
done
dotnet build bench/RuleLang.Benchmarks -c Release -nologo -v quiet
exec dotnet bench/RuleLang.Benchmarks/bin/Release/net10.0/RuleLang.Benchmarks.dll kernel "$@"
