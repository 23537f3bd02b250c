import Veil
print("veil")
