"""/api/v1/companies/{id}/financial-statements, /local-benchmark and the diagnosis sheets."""

from ninja import Router

router = Router(tags=["diagnosis"])
