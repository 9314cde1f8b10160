"""Path parameter types shared by the HTML routes and the API: ids are positive and fit the
database's integer columns, so an absurd number is a 422, not a database error."""

from typing import Annotated

from fastapi import Path

MAX_INT = 2**31 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_INT)]
RevisionNumber = Annotated[int, Path(ge=1, le=MAX_INT)]
