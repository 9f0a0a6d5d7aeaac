"""Exports of the registry: the flat sheet, HSDS (JSON and tabular), 自治体標準 CSV, 確認票 PDFs."""
