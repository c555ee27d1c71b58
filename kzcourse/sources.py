"""The course's source documents and upstream files: how to name and cite each one.

Tables and errata refer to a document by its file name (``000_2313942e910757c3.txt``);
pages show readers a title and a citation instead. The keys are entries of
``book/references.bib``.
"""

from __future__ import annotations

import pandas as pd

from . import paths

DOCUMENTS = {
    "000_2313942e910757c3.txt": ("Kuanaliyev: digitalisation and corruption (journal article)", "kuanaliyev2021"),
    "001_98ee925029a49011.txt": ("The anti-corruption agency's op-ed (state view)", "agency_oped"),
    "002_1a55f1dde086175f.txt": ("Article on the EGDI and its components (in Russian)", "egdi_ru_article"),
    "003_ca52632ee1104f9a.txt": ("Civil-society report on corruption in Kazakhstan", "cso_report"),
    "004_8babdae4b41353da.txt": ("Janenova: Kazakhstan's anti-corruption efforts (commentary)", "janenova_rsaa"),
    "data/raw/un-egdi-2003-2022/EGOV_DATA_2003.csv": ("UN EGDI data file, 2003 survey", "un_egovkb"),
    "data/raw/un-egdi-2003-2022/EGOV_DATA_2008.csv": ("UN EGDI data file, 2008 survey", "un_egovkb"),
    "data/raw/un-egdi-2003-2022/EGOV_DATA_2020.csv": ("UN EGDI data file, 2020 survey", "un_egovkb"),
    "data/raw/ti-cpi-1995-2017-datahub/cpi.csv": ("TI CPI 1995-2017, datahub copy", "ti_cpi_datahub"),
    "data/raw/ti-cpi-2012-2024/CPI2024_GlobalResultsTrends.csv": ("TI CPI 2012-2024, global results and trends", "ti_cpi2024"),
}


def _plain(text: str) -> str:
    """Errata text as literal Markdown: a "US$" must not open a formula, nor "*" emphasis."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*")


def errata_markdown() -> str:
    """The errata table as MyST Markdown, grouped by document, one entry per paragraph."""
    errata = pd.read_csv(paths.ERRATA, dtype=str).fillna("")
    order = {doc: i for i, doc in enumerate(DOCUMENTS)}
    errata["order"] = errata["document"].map(lambda d: order.get(d, len(order)))
    parts = []
    for document, group in errata.sort_values(["order", "id"], kind="stable").groupby("document", sort=False):
        name, key = DOCUMENTS.get(document, (document, None))
        cite = f" {{cite:p}}`{key}`" if key else ""
        parts.append(f"**{name}**{cite}, `{document}`: {len(group)} {'erratum' if len(group) == 1 else 'errata'}\n")
        for _, row in group.iterrows():
            location, printed, recomputed, explanation = (
                _plain(row[k]) for k in ("location", "printed_value", "recomputed_value", "explanation")
            )
            parts.append(
                f"- *{location}.* Printed: {printed}. Recomputed: "
                f"{recomputed}. {explanation} (test `{row['test'].split('::')[-1]}`)"
            )
        parts.append("")
    return "\n".join(parts)
