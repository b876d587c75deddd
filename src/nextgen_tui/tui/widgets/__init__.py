"""The questionnaire's widgets: each renders data it is given and posts messages; none saves."""
