"""Croissant 1.0 (MLCommons) metadata of a release: files with sha256, one record set per config.

Fields are derived from each config's `datasets.Features`: Value -> sc:Text / sc:Integer /
sc:Float / sc:Boolean, ClassLabel -> sc:Integer, struct -> subField, List -> repeated.
"""

from __future__ import annotations

from typing import Any, Mapping

CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"}, "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty", "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract", "field": "cr:field", "fileObject": "cr:fileObject", "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
    "rai": "http://mlcommons.org/croissant/RAI/", "recordSet": "cr:recordSet", "references": "cr:references",
    "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace", "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField",
    "transform": "cr:transform",
}

_DTYPES = {"string": "sc:Text", "int64": "sc:Integer", "int32": "sc:Integer", "float64": "sc:Float", "bool": "sc:Boolean"}


def _field(feature: Any, field_id: str, name: str, file_id: str, column: str) -> dict[str, Any]:
    import datasets

    out: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": name}
    inner = feature
    if isinstance(inner, datasets.List):
        out["repeated"] = True
        inner = inner.feature
    if isinstance(inner, dict):
        out["subField"] = [_field(sub, f"{field_id}/{k}", k, file_id, f"{column}/{k}") for k, sub in inner.items()]
        out["source"] = {"fileObject": {"@id": file_id}, "extract": {"column": column.split("/")[0]}}
        return out
    if isinstance(inner, datasets.ClassLabel):
        out["dataType"] = "sc:Integer"
        out["description"] = "Class label index; names: " + ", ".join(inner.names)
    else:
        out["dataType"] = _DTYPES[inner.dtype]
    out["source"] = {"fileObject": {"@id": file_id}, "extract": {"column": column.split("/")[0]}}
    if "/" in column:
        out["source"]["transform"] = {"jsonPath": "$." + ".".join(column.split("/")[1:])}
    return out


def metadata(version: str, license_id: str, files: list[Mapping[str, Any]], config_features: Mapping[str, Any],
             description: str) -> dict[str, Any]:
    """The croissant.json dict for a release (`files` as in RELEASE.json)."""
    distribution = [{"@type": "cr:FileObject", "@id": f["path"], "name": f["path"], "contentUrl": f["path"],
                     "encodingFormat": "application/x-parquet", "sha256": f["sha256"]} for f in files]
    record_sets = []
    for config, feats in config_features.items():
        config_files = [f for f in files if f.get("config") == config]
        if not config_files:
            continue
        first = config_files[0]["path"]
        record_sets.append({"@type": "cr:RecordSet", "@id": config, "name": config,
                            "description": f"Config {config}; splits: {', '.join(f['split'] for f in config_files)}; "
                                           f"each split is its own file (data/{config}/<split>.parquet).",
                            "field": [_field(feat, f"{config}/{name}", name, first, name) for name, feat in feats.items()]})
    return {"@context": CONTEXT, "@type": "sc:Dataset", "name": "warclaims", "conformsTo": "http://mlcommons.org/croissant/1.0",
            "description": description, "license": license_id, "url": "https://warclaims.example.org/dataset",
            "version": version, "citeAs": "WarClaims dataset, release " + version + " (https://warclaims.example.org/dataset)",
            "distribution": distribution, "recordSet": record_sets}
