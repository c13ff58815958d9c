"""The base class of every generated wire model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrataModel(BaseModel):
    """A JSON object of the Strata API.

    Fields are snake_case as on the wire. Members the document does not (yet) name are kept
    (``extra="allow"``), so an SDK built from an older document still shows what a newer
    platform answers: ``model.model_extra`` or ``getattr(model, "new_member")``.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        regex_engine="python-re",
    )
