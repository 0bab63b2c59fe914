"""The protocol between an assignment notebook's kernel and nngrade's nbgrader steps, in one place.

The kernel (:mod:`nngrade.notebook`) records a student's answers in a test cell's output under
:data:`ANSWERS_MIME`; the preprocessors (:mod:`.autograde`, :mod:`.confined_execute`) read them
from there, tell the kernel whose numbers to draw through :data:`STUDENT_VARIABLE`, and nbgrader
marks an autograding kernel with :data:`AUTOGRADE_VARIABLE`. Both sides import these names from
here. This module imports nothing, so the kernel never loads nbgrader and the preprocessors never
load the kernel's module.
"""

#: MIME type of the recorded answers in a test cell's output.
ANSWERS_MIME = "application/vnd.nngrade.answers+json"
#: The kernel draws the numbers of the student named here (set by the preprocessor at autograde).
STUDENT_VARIABLE = "NNGRADE_STUDENT"
#: Where a Jupyter server names its user when nngrade's own variable is not set.
SERVER_USER_VARIABLES = ("JUPYTERHUB_USER", "NB_USER")
#: Set by nbgrader in the environment of the kernels it runs, ``autograde`` while autograding.
AUTOGRADE_VARIABLE, AUTOGRADING = "NBGRADER_EXECUTION", "autograde"
#: Largest recorded answer, in characters of JSON.
MAX_RECORD_CHARS = 200_000
