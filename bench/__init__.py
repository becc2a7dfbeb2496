"""Benchmarks for corpusbot (not shipped): a corpus generator and one runner.

python -m bench.generate --size 10000    # write a synthetic corpus
python -m bench.run --sizes 1000,10000   # the table, and bench/out/results.json
"""
