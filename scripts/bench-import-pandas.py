"""Times pandas.read_excel (openpyxl engine) on the benchmark workbook: the reference for `npm run bench:import`."""
import sys
import time

import pandas

start = time.perf_counter()
cpu = time.process_time()
frame = pandas.read_excel(sys.argv[1], engine="openpyxl")
elapsed = time.perf_counter() - start
print(f"{elapsed:.3f} {time.process_time() - cpu:.3f} {frame.shape[0]} {frame.shape[1]}")
