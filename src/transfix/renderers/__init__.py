"""Renderers turn engine results into output: the diff report now; JSON and SARIF later."""
