"""Case records encrypt with the young person's data key, so erasing the person shreds them."""

from __future__ import annotations

import json
import uuid as uuid_module

from shared.crypto.fields import Codec

# Lists and small mappings (vulnerabilities, parent or carer details) are sealed as JSON.
JSON = Codec(
    "json",
    lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"),
    lambda raw: json.loads(raw.decode("utf-8")),
)


class UsesPersonKey:
    """Mixin for rows whose encrypted fields belong to a person reached through `key_owner`."""

    def key_owner(self):
        """The Person whose data key seals this row's fields."""
        raise NotImplementedError

    def ensure_data_key(self) -> None:
        """Rows borrow the person's key; they only need their own UUID before sealing."""
        if self.uuid is None:
            self.uuid = uuid_module.uuid4()
        if self.key_owner() is None:
            raise RuntimeError(f"{type(self).__name__}: set the person before encrypted fields")

    def field_key(self):
        """The person's unwrapped data key (DataKeyErasedError once they are erased)."""
        return self.key_owner().field_key()


class UsesCaseKey(UsesPersonKey):
    """Mixin for rows hanging off a case (`case` relationship), sealed under its person's key."""

    def __init__(self, **kwargs) -> None:
        # Case first: the row borrows the person's key before any field is sealed.
        self.case = kwargs.pop("case")
        self.uuid = kwargs.pop("uuid", None) or uuid_module.uuid4()
        super().__init__(**kwargs)

    def key_owner(self):
        """The person of the case."""
        return self.case.person
