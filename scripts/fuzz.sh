#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded time (default 60 s each),
# seeded from samples/ and tests/fixtures/. Usage:
#
#     scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only
# flags (-Zsanitizer=address); on a stable toolchain RUSTC_BOOTSTRAP=1 lets them
# through, which this script sets. The corpus grows in fuzz/corpus/<target>/
# and crashes land in fuzz/artifacts/<target>/ (both ignored by git); reproduce
# one with `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>` in fuzz/, shrink it
# with `cargo fuzz tmin`, and keep it as a test in tests/integration/regressions.rs.
# Exits 1 when any target crashed, after running all of them.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is not installed; run \`cargo install cargo-fuzz\`" >&2
    exit 2
fi

cd fuzz
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# Seeds are rebuilt on every run, beside the corpus (fuzz/corpus/<target>.seeds).
native_seeds() {
    local out="$1"
    find ../samples ../tests/fixtures -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) \
        -not -path '*/aliyun/*' -not -path '*/terraform/*' -not -name 'sarif-schema-*' -print0 |
        while IFS= read -r -d '' file; do
            cp "$file" "$out/$(echo "$file" | tr '/.' '__')"
        done
}

# One seed per file, and one per directory holding all its files (recursively),
# in the multi-file layout of fuzz_targets/files.rs: files joined by NUL bytes,
# each starting with `@<path>` and a newline.
import_seeds() {
    local out="$1" root="$2"
    [ -d "$root" ] || return 0
    find "$root" -type f -print0 | while IFS= read -r -d '' file; do
        { printf '@%s\n' "${file#"$root"/}"; cat "$file"; } >"$out/$(echo "$file" | tr '/.' '__')"
    done
    find "$root" -mindepth 1 -type d -print0 | while IFS= read -r -d '' dir; do
        local seed first=1
        seed="$out/dir_$(echo "$dir" | tr '/.' '__')"
        : >"$seed"
        while IFS= read -r -d '' file; do
            [ "$first" = 1 ] || printf '\0' >>"$seed"
            first=0
            { printf '@%s\n' "${file#"$dir"/}"; cat "$file"; } >>"$seed"
        done < <(find "$dir" -type f -print0 | sort -z | head -z -n 64)
    done
}

failed=()
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    seeds="corpus/$target.seeds"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds"
    dict=()
    case "$target" in
        aliyun_import) import_seeds "$seeds" ../tests/fixtures/aliyun; max_len=262144 ;;
        terraform_import) import_seeds "$seeds" ../tests/fixtures/terraform; max_len=262144 ;;
        # the keys and enum words of the inventory schema help mutations stay valid
        *) native_seeds "$seeds"; max_len=65536; dict=(-dict="$PWD/inventory.dict") ;;
    esac
    echo "fuzz.sh: $target for ${seconds}s ($(find "$corpus" -type f | wc -l) corpus entries, $(find "$seeds" -type f | wc -l) seeds)" >&2
    if ! cargo fuzz run "$target" "$corpus" "$seeds" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 "${dict[@]}"; then
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz.sh: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz.sh: no crash in ${targets[*]}" >&2
