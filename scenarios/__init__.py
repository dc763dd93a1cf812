"""The bundled scenarios: YAML files only. This file makes ``scenarios`` a regular package so
``importlib.resources.files("scenarios")`` finds them in a wheel and in a checkout alike."""
