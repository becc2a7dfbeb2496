"""Benchmarks for corpusbot (not shipped): a corpus generator, its questions and one runner.

python -m bench.generate --size 10000    # write a synthetic corpus
python -m bench.questions --size 1000    # the questions derived from it, as a reader asks
python -m bench.run --sizes 1000,10000   # the table, and bench/out/results.json
"""
