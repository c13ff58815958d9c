"""Packs a root filesystem as a one-layer image in docker-archive format (what `docker save`
writes and Jib's tar:// base reads), deterministically: sorted entries, time 0, owner root,
except /tmp (1777) and /var/lib/strata (owned by 10001)."""
import hashlib
import io
import json
import os
import sys
import tarfile

rootfs, out, java_version = sys.argv[1], sys.argv[2], sys.argv[3]


def layer_bytes():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        paths = []
        for dirpath, dirnames, filenames in os.walk(rootfs):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                paths.append(os.path.join(dirpath, name))
        for path in sorted(paths):
            rel = os.path.relpath(path, rootfs)
            info = tar.gettarinfo(path, arcname=rel)
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if rel == "tmp":
                info.mode = 0o1777
            if rel in ("var/lib/strata", "app"):
                info.uid = info.gid = 10001
            if info.isfile():
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
    return buf.getvalue()


layer = layer_bytes()
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "created": "1970-01-01T00:00:00Z",
    "config": {
        "Env": ["PATH=/opt/java/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"],
        "User": "10001:10001",
        "WorkingDir": "/app",
        "Labels": {"org.opencontainers.image.title": "strata-java-base",
                   "org.opencontainers.image.description": "jlinked Java " + java_version + " runtime for Strata's services"},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/images/build-base.sh"}],
}
config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
layer_name = diff_id[7:] + "/layer.tar"
manifest = [{"Config": config_name, "RepoTags": ["strata-java-base:latest"], "Layers": [layer_name]}]
os.makedirs(os.path.dirname(out), exist_ok=True)
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
    for name, data in ((config_name, config_bytes), (layer_name, layer),
                       ("manifest.json", json.dumps(manifest).encode())):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(data))
