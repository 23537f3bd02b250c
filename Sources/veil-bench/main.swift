import Veil
print("veil-bench")
