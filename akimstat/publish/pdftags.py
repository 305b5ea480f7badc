"""The tagged structure of a report's PDF (what a screen reader follows), as Chromium writes it,
made reproducible and readable by PDF 1.7 readers: its IDs numbered from 1 in document order,
and a role map for the PDF 2.0 structure types it uses."""

from __future__ import annotations

import re

NODE_ID = re.compile(r"node(\d+)")


def renumber_structure_ids(doc) -> None:
    """Number the IDs of the tagged structure (``node00000132``: Chromium's DOM node numbers,
    which grow with every page the browser loaded before) from 1 in document order, so a
    report's PDF does not depend on which reports were printed before it."""
    import pikepdf

    def ids_in(obj):
        if isinstance(obj, pikepdf.String) and NODE_ID.fullmatch(str(obj)):
            yield str(obj)
        elif isinstance(obj, pikepdf.Array):
            for item in obj:
                yield from ids_in(item)

    def keyed(obj):  # the strings of /ID, /Headers, /Names and /Limits of one dictionary
        return [(key, obj[key]) for key in ("/ID", "/Headers", "/Names", "/Limits") if key in obj]

    dictionaries = [o for o in doc.objects if isinstance(o, pikepdf.Dictionary)]
    dictionaries += [a for o in dictionaries for a in (o.get("/A"),) if isinstance(a, pikepdf.Dictionary)]
    dictionaries += [item for o in dictionaries for a in (o.get("/A"),) if isinstance(a, pikepdf.Array)
                     for item in a if isinstance(item, pikepdf.Dictionary)]
    found = {i for o in dictionaries for _, value in keyed(o) for i in ids_in(value)}
    new = {old: f"node{n:08d}" for n, old in enumerate(sorted(found, key=lambda i: int(i[4:])), start=1)}

    def renamed(obj):
        if isinstance(obj, pikepdf.String) and str(obj) in new:
            return pikepdf.String(new[str(obj)])
        if isinstance(obj, pikepdf.Array):
            return pikepdf.Array([renamed(item) for item in obj])
        return obj

    for o in dictionaries:
        for key, value in keyed(o):
            o[key] = renamed(value)


#: Structure types Chromium writes that are PDF 2.0's, not PDF 1.7's (``<strong>`` is ``Strong``),
#: and the PDF 1.7 type each is read as: a reader of PDF 1.7 (poppler: "StructElem object is wrong
#: type (Strong)") needs them in the structure tree's role map.
PDF2_ROLES = {"/Strong": "/Span", "/Em": "/Span", "/Sub": "/Span", "/Title": "/H", "/FENote": "/Note",
              "/Aside": "/Div", "/DocumentFragment": "/Div"}


def map_roles(root) -> None:
    """Give the structure tree a role map for the PDF 2.0 types it uses (`PDF2_ROLES`)."""
    import pikepdf

    roles = root.get("/RoleMap", pikepdf.Dictionary())
    for new, old in PDF2_ROLES.items():
        if new not in roles:
            roles[new] = pikepdf.Name(old)
    root.RoleMap = roles
