extension MockProvince: MockService {}
