"""Croissant 1.0 (MLCommons) metadata of a release: files with sha256, one record set per config
over all its splits (a `split` field from the file path).

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


SPLIT_PATTERN = r"^(?:.*/)?data/{config}/(train|validation|test)\.parquet$"


def _field(feature: Any, field_id: str, name: str, source: dict[str, Any], column: str) -> dict[str, Any]:
    import datasets

    out: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": name}
    inner = feature
    if isinstance(inner, datasets.List):
        out["repeated"] = True
        inner = inner.feature
    if isinstance(inner, dict):
        out["subField"] = [_field(sub, f"{field_id}/{k}", k, source, f"{column}/{k}") for k, sub in inner.items()]
        out["source"] = {**source, "extract": {"column": column.split("/")[0]}}
        return out
    if isinstance(inner, datasets.ClassLabel):
        out["dataType"] = "sc:Integer"
        out["description"] = "Class label index; " + ", ".join(f"{i} = {n}" for i, n in enumerate(inner.names))
    else:
        out["dataType"] = _DTYPES[inner.dtype]
    out["source"] = {**source, "extract": {"column": column.split("/")[0]}}
    if "/" in column:
        out["source"]["transform"] = {"jsonPath": "$." + ".".join(column.split("/")[1:])}
    return out


def _split_field(config: str, source: dict[str, Any], splits: list[str]) -> dict[str, Any]:
    """The `split` field: taken from each file's path (data/<config>/<split>.parquet)."""
    pattern = SPLIT_PATTERN.replace("train|validation|test", "|".join(splits)).format(config=config)
    return {"@type": "cr:Field", "@id": f"{config}/split", "name": "split", "dataType": "sc:Text",
            "description": "The split this record belongs to: " + ", ".join(splits) + ".",
            "source": {**source, "extract": {"fileProperty": "fullpath"}, "transform": {"regex": pattern}}}


def metadata(version: str, license_id: str, files: list[Mapping[str, Any]], config_features: Mapping[str, Any],
             description: str, date_published: str, cite_as: str, url: str) -> dict[str, Any]:
    """The croissant.json dict for a release (`files` as in RELEASE.json).

    Each data file is a FileObject with its sha256; each config is a FileSet over all its split
    files, and its record set reads the whole FileSet with a `split` field taken from the file path,
    so one record set yields the records of every split.
    """
    distribution: list[dict[str, Any]] = [
        {"@type": "cr:FileObject", "@id": f["path"], "name": f["path"], "contentUrl": f["path"],
         "encodingFormat": "application/x-parquet", "sha256": f["sha256"]} for f in files]
    record_sets = []
    for config, feats in config_features.items():
        config_files = [f for f in files if f.get("config") == config]
        if not config_files:
            continue
        splits = [f["split"] for f in config_files]
        distribution.append({"@type": "cr:FileSet", "@id": f"files-{config}", "name": f"files-{config}",
                             "description": f"The Parquet files of config {config}, one per split ({', '.join(splits)}).",
                             "encodingFormat": "application/x-parquet", "includes": f"data/{config}/*.parquet"})
        source = {"fileSet": {"@id": f"files-{config}"}}
        record_sets.append({"@type": "cr:RecordSet", "@id": config, "name": config,
                            "description": f"Config {config}, all splits ({', '.join(splits)}); the split of a "
                                           f"record is its `split` field (data/{config}/<split>.parquet).",
                            "field": [_split_field(config, source, splits)]
                            + [_field(feat, f"{config}/{name}", name, source, name) for name, feat in feats.items()]})
    return {"@context": CONTEXT, "@type": "sc:Dataset", "name": "warclaims", "conformsTo": "http://mlcommons.org/croissant/1.0",
            "description": description, "license": license_id, "url": url, "version": version,
            "datePublished": date_published, "citeAs": cite_as, "distribution": distribution, "recordSet": record_sets}
