print("presskit")
