#!/usr/bin/env python3
"""Writes an import CSV of N organizations (deterministic) to stdout.

Usage: orgs_gen_csv.py N REGIONS_FILE [SERIAL_BASE [NAME_PREFIX]]
REGIONS_FILE holds one region code per line (towns and villages in scope). Every
fifth row is a registered association / social service agency / foundation with a
valid GB 32100 credit code (serial SERIAL_BASE + i, default 800000000, above the
seeded ones); the others are unregistered kinds without a code. Names are NAME_PREFIX (default
导入基准组织) followed by i, so a second file with another prefix and serial base
holds only new organizations.
"""
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
KINDS = ["社会团体", "民间微组织", "志愿者队伍", "妇女之家", "合作组织",
         "社会服务机构(民办非企业单位)", "民间微组织", "志愿者队伍", "妇女之家", "民间微组织",
         "基金会", "民间微组织", "志愿者队伍", "妇女之家", "民间微组织"]
CATEGORY = {"社会团体": "1", "社会服务机构(民办非企业单位)": "2", "基金会": "3"}
STATUSES = ["正常", "正常", "正常", "孵化中", "异常"]


def uscc(first17):
    s = sum(w * ALPHABET.index(ch) for w, ch in zip(WEIGHTS, first17))
    return first17 + ALPHABET[(31 - s % 31) % 31]


def main():
    n = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        regions = [line.strip() for line in f if line.strip()]
    base = int(sys.argv[3]) if len(sys.argv) > 3 else 800000000
    prefix = sys.argv[4] if len(sys.argv) > 4 else "导入基准组织"
    out = sys.stdout
    out.write("名称(name),类型(kind),统一社会信用代码(uscc),所属区划代码(region_code),状态(status)\r\n")
    for i in range(n):
        region = regions[(i * 2654435761) % len(regions)]
        kind = KINDS[i % len(KINDS)]
        code = ""
        if kind in CATEGORY:
            code = uscc("5" + CATEGORY[kind] + region[:6] + "%09d" % (base + i))
        out.write(f"{prefix}{i},{kind},{code},{region},{STATUSES[i % len(STATUSES)]}\r\n")


if __name__ == "__main__":
    main()
