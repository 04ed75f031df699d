#!/usr/bin/env python3
"""Writes Mock/data/agencies.json and Mock/data/procedures.json (Đồng Tháp, H20, 2023 layout).

Deterministic: the same script always writes the same bytes. Real national procedure codes are marked
"synthetic": false; every other code is generated in the national format d.dddddd and marked "synthetic": true.
Run: python3 Mock/data/make_catalog.py
"""
import json
import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
P = "H20"


def nfc(s):
    return unicodedata.normalize("NFC", s)


DEPARTMENTS = [
    ("01", "Văn phòng UBND tỉnh Đồng Tháp"), ("02", "Sở Nội vụ"), ("03", "Sở Tư pháp"),
    ("04", "Sở Kế hoạch và Đầu tư"), ("05", "Sở Tài chính"), ("06", "Sở Công Thương"),
    ("07", "Sở Nông nghiệp và Phát triển nông thôn"), ("08", "Sở Giao thông vận tải"), ("09", "Sở Xây dựng"),
    ("10", "Sở Tài nguyên và Môi trường"), ("11", "Sở Lao động - Thương binh và Xã hội"),
    ("12", "Sở Văn hóa, Thể thao và Du lịch"), ("13", "Sở Khoa học và Công nghệ"),
    ("14", "Sở Thông tin và Truyền thông"), ("15", "Sở Giáo dục và Đào tạo"), ("16", "Sở Y tế"),
    ("17", "Thanh tra tỉnh"), ("18", "Ban Quản lý các Khu công nghiệp"),
]

DISTRICTS = [
    ("31", "Thành phố Cao Lãnh", ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 6", "Phường 11",
                                  "Phường Mỹ Phú", "Phường Hòa Thuận", "Xã Mỹ Tân", "Xã Mỹ Trà", "Xã Tân Thuận Đông",
                                  "Xã Tân Thuận Tây", "Xã Tịnh Thới", "Xã Hòa An", "Xã Mỹ Ngãi"]),
    ("32", "Thành phố Sa Đéc", ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường An Hòa",
                                "Phường Tân Quy Đông", "Xã Tân Khánh Đông", "Xã Tân Quy Tây", "Xã Tân Phú Đông"]),
    ("33", "Thành phố Hồng Ngự", ["Phường An Thạnh", "Phường An Lạc", "Phường An Lộc", "Phường An Bình A",
                                  "Phường An Bình B", "Xã Tân Hội", "Xã Bình Thạnh"]),
    ("34", "Huyện Tân Hồng", ["Thị trấn Sa Rài", "Xã Tân Hộ Cơ", "Xã Thông Bình", "Xã Bình Phú", "Xã Tân Thành A",
                              "Xã Tân Thành B", "Xã Tân Công Chí", "Xã An Phước", "Xã Tân Phước"]),
    ("35", "Huyện Hồng Ngự", ["Thị trấn Thường Thới Tiền", "Xã Thường Phước 1", "Xã Thường Phước 2",
                              "Xã Thường Lạc", "Xã Thường Thới Hậu A", "Xã Long Khánh A", "Xã Long Khánh B",
                              "Xã Long Thuận", "Xã Phú Thuận A", "Xã Phú Thuận B"]),
    ("36", "Huyện Tam Nông", ["Thị trấn Tràm Chim", "Xã Phú Cường", "Xã Phú Đức", "Xã Phú Hiệp", "Xã Phú Thành A",
                              "Xã Phú Thành B", "Xã Phú Thọ", "Xã Tân Công Sính", "Xã Hòa Bình", "Xã An Long",
                              "Xã An Hòa", "Xã Phú Ninh"]),
    ("37", "Huyện Thanh Bình", ["Thị trấn Thanh Bình", "Xã Tân Quới", "Xã Tân Hòa", "Xã An Phong", "Xã Phú Lợi",
                                "Xã Bình Thành", "Xã Tân Mỹ", "Xã Tân Phú", "Xã Tân Long", "Xã Tân Huề",
                                "Xã Tân Bình", "Xã Bình Tấn"]),
    ("38", "Huyện Tháp Mười", ["Thị trấn Mỹ An", "Xã Mỹ Hòa", "Xã Mỹ Quý", "Xã Mỹ Đông", "Xã Đốc Binh Kiều",
                               "Xã Trường Xuân", "Xã Thanh Mỹ", "Xã Hưng Thạnh", "Xã Tân Kiều", "Xã Phú Điền",
                               "Xã Láng Biển", "Xã Mỹ An", "Xã Thạnh Lợi"]),
    ("39", "Huyện Cao Lãnh", ["Thị trấn Mỹ Thọ", "Xã Mỹ Hội", "Xã Mỹ Xương", "Xã Bình Hàng Trung",
                              "Xã Bình Hàng Tây", "Xã Mỹ Long", "Xã Mỹ Hiệp", "Xã Bình Thạnh", "Xã Phong Mỹ",
                              "Xã Ba Sao", "Xã Gáo Giồng", "Xã Tân Hội Trung", "Xã An Bình", "Xã Nhị Mỹ",
                              "Xã Tân Nghĩa", "Xã Phương Trà", "Xã Phương Thịnh", "Xã Mỹ Thọ"]),
    ("40", "Huyện Lấp Vò", ["Thị trấn Lấp Vò", "Xã Mỹ An Hưng A", "Xã Mỹ An Hưng B", "Xã Tân Mỹ", "Xã Hội An Đông",
                            "Xã Bình Thạnh Trung", "Xã Long Hưng A", "Xã Long Hưng B", "Xã Vĩnh Thạnh",
                            "Xã Bình Thành", "Xã Định An", "Xã Định Yên", "Xã Tân Khánh Trung"]),
    ("41", "Huyện Lai Vung", ["Thị trấn Lai Vung", "Xã Tân Thành", "Xã Long Hậu", "Xã Tân Phước", "Xã Hòa Long",
                              "Xã Long Thắng", "Xã Vĩnh Thới", "Xã Tân Hòa", "Xã Định Hòa", "Xã Phong Hòa",
                              "Xã Hòa Thành", "Xã Tân Dương"]),
    ("42", "Huyện Châu Thành", ["Thị trấn Cái Tàu Hạ", "Xã An Hiệp", "Xã An Nhơn", "Xã An Phú Thuận",
                                "Xã An Khánh", "Xã Hòa Tân", "Xã Phú Hựu", "Xã Phú Long", "Xã Tân Bình",
                                "Xã Tân Nhuận Đông", "Xã Tân Phú", "Xã Tân Phú Trung"]),
]


def agencies():
    out = [{"code": f"000.00.00.{P}", "name": "UBND tỉnh Đồng Tháp", "kind": "province", "level": 1, "parent": ""}]
    for yy, name in DEPARTMENTS:
        out.append({"code": f"000.00.{yy}.{P}", "name": name, "kind": "department", "level": 2,
                    "parent": f"000.00.00.{P}"})
    out.append({"code": f"000.01.01.{P}", "name": "Trung tâm Hành chính công tỉnh Đồng Tháp", "kind": "centre",
                "level": 3, "parent": f"000.00.01.{P}"})
    for yy, name, communes in DISTRICTS:
        code = f"000.00.{yy}.{P}"
        out.append({"code": code, "name": f"UBND {name}", "kind": "district", "level": 2,
                    "parent": f"000.00.00.{P}"})
        for i, commune in enumerate(communes, start=1):
            out.append({"code": f"000.{i:02d}.{yy}.{P}", "name": f"UBND {commune}, {name}", "kind": "commune",
                        "level": 3, "parent": code})
    return [{k: nfc(v) if isinstance(v, str) else v for k, v in a.items()} for a in out]


# (field code, field name, department YY, [(name, level, days, fee VND, maxLevel, weight)])
# level: 1 tỉnh, 2 huyện, 3 xã.
FIELDS = [
    ("G12-HT01", "Hộ tịch", "03", [
        ("Đăng ký kết hôn", 3, 1, 0, 4, 30), ("Đăng ký nhận cha, mẹ, con", 3, 3, 0, 3, 4),
        ("Đăng ký giám hộ", 3, 3, 0, 3, 2), ("Đăng ký lại khai sinh", 3, 5, 0, 3, 6),
        ("Đăng ký khai sinh có yếu tố nước ngoài", 2, 3, 0, 3, 2), ("Đăng ký kết hôn có yếu tố nước ngoài", 2, 15, 1500000, 3, 1),
        ("Thay đổi, cải chính, bổ sung thông tin hộ tịch", 3, 3, 0, 4, 8), ("Đăng ký khai tử có yếu tố nước ngoài", 2, 3, 0, 3, 1),
        ("Ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài", 2, 5, 0, 3, 1),
    ]),
    ("G12-CT01", "Chứng thực", "03", [
        ("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở", 3, 2, 50000, 2, 10),
        ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", 3, 2, 30000, 2, 2),
        ("Chứng thực di chúc", 3, 2, 50000, 2, 2), ("Chứng thực văn bản khai nhận di sản", 3, 3, 50000, 2, 2),
        ("Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực", 3, 1, 2000, 3, 3),
        ("Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng Tư pháp", 2, 1, 10000, 3, 2),
    ]),
    ("G12-LLTP", "Lý lịch tư pháp", "03", [
        ("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", 1, 10, 200000, 4, 6),
        ("Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", 1, 10, 0, 3, 1),
    ]),
    ("G12-HG01", "Hòa giải ở cơ sở", "03", [
        ("Thủ tục công nhận hòa giải viên", 3, 5, 0, 2, 1), ("Thủ tục công nhận tổ trưởng tổ hòa giải", 3, 5, 0, 2, 1),
        ("Thủ tục thanh toán thù lao cho hòa giải viên", 3, 5, 0, 2, 1),
    ]),
    ("G13-HKD01", "Thành lập và hoạt động của hộ kinh doanh", "04", [
        ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 2, 3, 100000, 4, 6),
        ("Tạm ngừng hoạt động hộ kinh doanh", 2, 3, 0, 4, 2), ("Chấm dứt hoạt động hộ kinh doanh", 2, 3, 0, 4, 2),
        ("Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", 2, 3, 100000, 4, 1),
    ]),
    ("G13-DN01", "Thành lập và hoạt động doanh nghiệp", "04", [
        ("Đăng ký thành lập doanh nghiệp tư nhân", 1, 3, 50000, 4, 3), ("Đăng ký thành lập công ty TNHH một thành viên", 1, 3, 50000, 4, 4),
        ("Đăng ký thành lập công ty cổ phần", 1, 3, 50000, 4, 2), ("Đăng ký thay đổi người đại diện theo pháp luật", 1, 3, 50000, 4, 3),
        ("Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp", 1, 3, 50000, 4, 3),
        ("Thông báo tạm ngừng kinh doanh", 1, 3, 0, 4, 2), ("Giải thể doanh nghiệp", 1, 5, 0, 4, 1),
    ]),
    ("G13-DT01", "Đầu tư tại Việt Nam", "04", [
        ("Quyết định chủ trương đầu tư của UBND cấp tỉnh", 1, 35, 0, 3, 1), ("Điều chỉnh dự án đầu tư", 1, 15, 0, 3, 1),
        ("Cấp Giấy chứng nhận đăng ký đầu tư", 1, 15, 0, 3, 1),
    ]),
    ("G01-CT02", "Đăng ký, quản lý cư trú", "01", [
        ("Xóa đăng ký thường trú", 3, 1, 0, 4, 6), ("Khai báo tạm vắng", 3, 1, 0, 4, 4),
        ("Gia hạn tạm trú", 3, 3, 7000, 4, 3), ("Thông báo lưu trú", 3, 0, 0, 4, 6), ("Điều chỉnh thông tin trong Cơ sở dữ liệu về cư trú", 3, 3, 0, 4, 5),
    ]),
    ("G17-BTXH", "Bảo trợ xã hội", "11", [
        ("Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở", 3, 15, 0, 3, 1),
        ("Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", 3, 20, 0, 3, 5),
        ("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", 3, 5, 0, 3, 2),
        ("Đổi, cấp lại Giấy xác nhận khuyết tật", 3, 5, 0, 3, 2),
        ("Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội", 2, 10, 0, 2, 1),
    ]),
    ("G17-NCC", "Người có công", "11", [
        ("Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", 2, 12, 0, 3, 1), ("Cấp giấy xác nhận thân nhân liệt sĩ", 1, 10, 0, 3, 1),
        ("Hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần", 2, 12, 0, 3, 2),
        ("Sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công", 1, 10, 0, 3, 1),
    ]),
    ("G17-VL01", "Việc làm", "11", [
        ("Giải quyết hưởng trợ cấp thất nghiệp", 1, 20, 0, 4, 5), ("Tạm dừng hưởng trợ cấp thất nghiệp", 1, 3, 0, 4, 1),
        ("Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", 1, 5, 600000, 4, 1),
        ("Hỗ trợ học nghề", 1, 15, 0, 3, 1),
    ]),
    ("G03-GD10", "Giáo dục Trung học", "15", [
        ("Chuyển trường đối với học sinh trung học cơ sở", 2, 3, 0, 4, 2), ("Chuyển trường đối với học sinh trung học phổ thông", 1, 3, 0, 4, 1),
        ("Xin học lại tại trường khác đối với học sinh trung học", 2, 3, 0, 3, 1), ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1, 1, 0, 4, 2),
    ]),
    ("G03-GD09", "Giáo dục Tiểu học", "15", [
        ("Chuyển trường đối với học sinh tiểu học", 2, 3, 0, 4, 1), ("Thành lập trường tiểu học công lập", 2, 20, 0, 2, 1),
    ]),
    ("G03-GD06", "Giáo dục Mầm non", "15", [
        ("Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động giáo dục", 3, 20, 0, 2, 1), ("Thành lập trường mầm non tư thục", 2, 20, 0, 2, 1),
    ]),
    ("G10-DD01", "Đất đai", "10", [
        ("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", 2, 10, 50000, 3, 10),
        ("Cấp đổi Giấy chứng nhận quyền sử dụng đất", 2, 7, 50000, 3, 5), ("Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất", 2, 10, 50000, 3, 2),
        ("Đăng ký đất đai, tài sản gắn liền với đất lần đầu", 2, 30, 100000, 3, 3), ("Tách thửa hoặc hợp thửa đất", 2, 15, 50000, 3, 4),
        ("Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với hộ gia đình, cá nhân", 2, 15, 0, 3, 2),
        ("Xóa đăng ký cho thuê, cho thuê lại, góp vốn bằng quyền sử dụng đất", 2, 3, 0, 3, 1), ("Đính chính Giấy chứng nhận đã cấp", 2, 10, 0, 3, 1),
        ("Giao đất, cho thuê đất cho tổ chức", 1, 20, 0, 2, 1),
    ]),
    ("G10-MT01", "Môi trường", "10", [
        ("Cấp giấy phép môi trường", 1, 30, 0, 3, 1), ("Đăng ký môi trường", 2, 5, 0, 3, 1),
        ("Thẩm định báo cáo đánh giá tác động môi trường", 1, 30, 5000000, 3, 1),
    ]),
    ("G10-TNN", "Tài nguyên nước", "10", [
        ("Cấp giấy phép khai thác, sử dụng nước mặt", 1, 30, 600000, 3, 1), ("Cấp giấy phép thăm dò nước dưới đất", 1, 25, 400000, 3, 1),
    ]),
    ("G09-XD01", "Hoạt động xây dựng", "09", [
        ("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", 2, 15, 75000, 4, 5), ("Cấp giấy phép sửa chữa, cải tạo nhà ở riêng lẻ", 2, 15, 75000, 4, 1),
        ("Cấp giấy phép xây dựng công trình cấp đặc biệt, cấp I, cấp II", 1, 20, 150000, 3, 1),
        ("Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", 1, 20, 0, 3, 1), ("Cấp chứng chỉ hành nghề hoạt động xây dựng", 1, 20, 300000, 4, 1),
        ("Gia hạn giấy phép xây dựng", 2, 5, 15000, 4, 1),
    ]),
    ("G08-DB01", "Đường bộ", "08", [
        ("Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", 1, 5, 135000, 4, 5), ("Cấp lại giấy phép lái xe", 1, 10, 135000, 4, 2),
        ("Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn", 1, 2, 0, 4, 1), ("Cấp phù hiệu xe ô tô kinh doanh vận tải", 1, 2, 0, 4, 2),
        ("Cấp giấy phép kinh doanh vận tải bằng xe ô tô", 1, 5, 200000, 4, 1),
    ]),
    ("G08-DTND", "Đường thủy nội địa", "08", [
        ("Đăng ký phương tiện thủy nội địa lần đầu", 2, 3, 70000, 4, 2), ("Đăng ký lại phương tiện thủy nội địa", 2, 3, 70000, 4, 1),
    ]),
    ("G16-KB01", "Khám bệnh, chữa bệnh", "16", [
        ("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", 1, 20, 360000, 3, 1), ("Cấp giấy phép hoạt động phòng khám đa khoa", 1, 45, 5700000, 3, 1),
        ("Cấp lại chứng chỉ hành nghề khám bệnh, chữa bệnh do bị mất", 1, 5, 150000, 3, 1),
    ]),
    ("G16-DP01", "Dược phẩm", "16", [
        ("Cấp Chứng chỉ hành nghề dược", 1, 20, 500000, 4, 1), ("Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", 1, 20, 1000000, 4, 1),
    ]),
    ("G16-ATTP", "An toàn thực phẩm", "16", [
        ("Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống", 1, 20, 700000, 4, 1),
        ("Cấp giấy xác nhận nội dung quảng cáo thực phẩm", 1, 10, 1100000, 4, 1),
    ]),
    ("G06-LT01", "Lưu thông hàng hóa trong nước", "06", [
        ("Cấp Giấy phép bán lẻ sản phẩm thuốc lá", 2, 15, 1100000, 4, 1), ("Cấp Giấy phép bán lẻ rượu", 2, 10, 1100000, 4, 1),
        ("Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", 1, 15, 1200000, 3, 1),
    ]),
    ("G06-XNK", "Xuất nhập khẩu", "06", [
        ("Cấp Giấy chứng nhận xuất xứ hàng hóa", 1, 1, 0, 4, 1),
    ]),
    ("G07-TY01", "Thú y", "07", [
        ("Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh", 1, 3, 0, 4, 1),
        ("Cấp chứng chỉ hành nghề thú y", 1, 5, 0, 3, 1),
    ]),
    ("G07-TT01", "Trồng trọt", "07", [
        ("Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón", 1, 15, 0, 3, 1), ("Cấp mã số vùng trồng", 1, 15, 0, 3, 1),
    ]),
    ("G07-TL01", "Thủy lợi", "07", [
        ("Cấp giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi", 1, 10, 0, 3, 1),
    ]),
    ("G02-TG01", "Tôn giáo Chính phủ", "02", [
        ("Đăng ký sinh hoạt tôn giáo tập trung", 3, 20, 0, 2, 1), ("Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động ở một xã", 3, 15, 0, 2, 1),
    ]),
    ("G02-TDKT", "Thi đua, khen thưởng", "02", [
        ("Tặng Giấy khen của Chủ tịch UBND cấp huyện", 2, 20, 0, 2, 1), ("Tặng danh hiệu Lao động tiên tiến", 2, 20, 0, 2, 1),
        ("Tặng Bằng khen của Chủ tịch UBND cấp tỉnh", 1, 20, 0, 2, 1),
    ]),
    ("G12-VH01", "Văn hóa", "12", [
        ("Cấp giấy phép tổ chức lễ hội", 1, 15, 0, 3, 1), ("Công nhận danh hiệu Gia đình văn hóa", 3, 5, 0, 2, 1),
        ("Cấp giấy phép kinh doanh karaoke", 2, 5, 4000000, 3, 1),
    ]),
    ("G12-DL01", "Du lịch", "12", [
        ("Cấp thẻ hướng dẫn viên du lịch nội địa", 1, 10, 650000, 4, 1), ("Công nhận cơ sở lưu trú du lịch hạng 1 sao, 2 sao", 1, 30, 1500000, 3, 1),
    ]),
    ("G14-BC01", "Bưu chính", "14", [
        ("Cấp giấy phép bưu chính", 1, 20, 0, 4, 1), ("Sửa đổi, bổ sung giấy phép bưu chính", 1, 10, 0, 4, 1),
    ]),
    ("G14-XB01", "Xuất bản, In và Phát hành", "14", [
        ("Cấp giấy phép hoạt động in", 1, 7, 0, 4, 1), ("Đăng ký hoạt động cơ sở in", 1, 5, 0, 4, 1),
    ]),
    ("G05-QLCS", "Quản lý công sản", "05", [
        ("Quyết định thanh lý tài sản công", 1, 30, 0, 2, 1), ("Quyết định điều chuyển tài sản công", 1, 30, 0, 2, 1),
    ]),
    ("G13-KCN", "Quản lý khu công nghiệp", "18", [
        ("Cấp giấy phép lao động cho người nước ngoài làm việc trong khu công nghiệp", 1, 5, 600000, 4, 1),
        ("Xác nhận hợp đồng chuyển nhượng quyền sử dụng đất trong khu công nghiệp", 1, 5, 0, 3, 1),
    ]),
    ("G04-KHCN", "Hoạt động khoa học và công nghệ", "13", [
        ("Đăng ký hoạt động của tổ chức khoa học và công nghệ", 1, 15, 0, 3, 1), ("Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ", 1, 5, 0, 3, 1),
    ]),
    ("G17-TC01", "Tiếp công dân, khiếu nại, tố cáo", "17", [
        ("Giải quyết khiếu nại lần đầu tại cấp xã", 3, 30, 0, 2, 1), ("Giải quyết tố cáo tại cấp huyện", 2, 30, 0, 2, 1),
    ]),
]

# Real national codes (portal-api.md §8): (code, name, field code, level, days, fee, maxLevel, weight)
REAL = [
    ("1.001193", "Thủ tục đăng ký khai sinh", "G12-HT01", 3, 0, 0, 4, 60),
    ("1.000656", "Thủ tục đăng ký khai tử", "G12-HT01", 3, 0, 0, 4, 20),
    ("1.004873", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", "G12-HT01", 3, 3, 0, 4, 25),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch", "G12-HT01", 3, 0, 8000, 4, 15),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "G12-CT01", 3, 0, 2000, 3, 70),
    ("2.000884", "Chứng thực chữ ký trong giấy tờ, văn bản", "G12-CT01", 3, 0, 10000, 3, 25),
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", "G13-HKD01", 2, 3, 100000, 4, 15),
    ("1.004222", "Đăng ký thường trú", "G01-CT02", 3, 7, 15000, 4, 35),
    ("1.004194", "Đăng ký tạm trú", "G01-CT02", 3, 3, 10000, 4, 25),
    ("1.001699", "Xác định mức độ khuyết tật, cấp Giấy xác nhận khuyết tật", "G17-BTXH", 3, 25, 0, 3, 4),
    ("3.000182", "Tuyển sinh trung học cơ sở", "G03-GD10", 2, 10, 0, 4, 6),
    ("3.000181", "Tuyển sinh trung học phổ thông", "G03-GD10", 1, 10, 0, 4, 4),
    ("2.000488", "Cấp Phiếu lý lịch tư pháp", "G12-LLTP", 1, 10, 200000, 4, 8),
]

LEVEL_NAME = {1: "Cấp Tỉnh", 2: "Cấp Huyện", 3: "Cấp Xã"}
LEVEL_LOCAL = {1: "tinh", 2: "huyen", 3: "xa"}


def money(v):
    if v == 0:
        return "0"
    s = f"{v:,}".replace(",", ".")
    return s


def packet(code, name, fcode, fname, level, days, fee, agency_code, agency_name, rng, idx):
    fee_items = [{"MAPHILEPHI": "2" if fee else "2", "SOTIEN": money(fee) if fee else rng.choice(["0", "Không"]),
                  "DONVI": "Đồng", "MOTA": "Lệ phí" if fee else "Miễn lệ phí", "URL": ""}]
    timing = {"THOIGIANGIAIQUYET": days, "DONVITINH": "Ngày làm việc",
              "MOTA": "Trong ngày làm việc" if days == 0 else f"{days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
              "PHILEPHI": fee_items}
    channels = [{"KENH": k, "THOIGIAN": [timing]} for k in ("1", "2", "3")]
    return {
        "ID": 100000 + idx, "MATTHC": code, "TENTTHC": name, "LOAITTHC": "1", "TRANGTHAI": "1",
        "MACOQUANCONGBO": f"000.00.00.{P}", "IDQUYETDINHCONGBO": f"QD-{P}-2023-{1 + idx % 29:02d}",
        "MOTA": name, "TUKHOA": fname, "YEUCAU": "Không", "MOTADOITUONGTHUCHIEN": "Công dân Việt Nam, Doanh nghiệp",
        "DIACHITIEPNHAN": "Bộ phận Tiếp nhận và Trả kết quả",
        "CAPTHUCHIEN": [{"CAPTHUCHIEN": str(level), "TENCAP": LEVEL_NAME[level],
                         "MOTACOQUANTHUCHIEN": agency_name, "DIACHITIEPNHAN": "Bộ phận Một cửa"}],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": fcode, "TENLINHVUC": fname}],
        "DOITUONGTHUCHIEN": [{"MADOITUONG": "1", "TENDOITUONG": "Công dân Việt Nam"}],
        "COQUANTHUCHIEN": [{"MADONVI": agency_code, "TENDONVI": agency_name}],
        "COQUANCOTHAMQUYEN": [{"MADONVI": agency_code, "TENDONVI": agency_name}],
        "COQUANDUOCUYQUYEN": [], "COQUANPHOIHOP": [],
        "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ"}, {"TENTRINHTU": "Tiếp nhận và xử lý"},
                                                           {"TENTRINHTU": "Trả kết quả"}]}],
        "CACHTHUCTHUCHIEN": channels,
        "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": [
            {"MAGIAYTO": f"{code}-GT01", "TENGIAYTO": "Tờ khai theo mẫu", "SOBANCHINH": "1", "SOBANSAO": "0",
             "TENMAUDON": "To_khai.docx", "URL": ""},
            {"MAGIAYTO": f"{code}-GT02", "TENGIAYTO": "Giấy tờ tùy thân", "SOBANCHINH": "0", "SOBANSAO": "1",
             "TENMAUDON": "", "URL": ""}]}],
        "KETQUATHUCHIEN": [{"MAKETQUA": f"KQ.{code}", "TENKETQUA": "Kết quả giải quyết " + name[:1].lower() + name[1:]}],
        "CANCUPHAPLY": [{"SOVANBAN": "61/2018/NĐ-CP", "TENVANBAN": "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông"}],
    }


def procedures():
    rng = random.Random(20230101)
    fields = {f[0]: (f[1], f[2]) for f in FIELDS}
    rows = []
    used = set()
    for (code, name, fcode, level, days, fee, maxlvl, weight) in REAL:
        rows.append((code, False, name, fcode, level, days, fee, maxlvl, weight))
        used.add(code)
    for fcode, fname, _dept, items in FIELDS:
        for (name, level, days, fee, maxlvl, weight) in items:
            while True:
                code = f"{rng.choice('123')}.{rng.randrange(0, 1000000):06d}"
                if code not in used:
                    break
            used.add(code)
            rows.append((code, True, name, fcode, level, days, fee, maxlvl, weight))
    # Variants per level to reach a realistic provincial catalogue size (> 200 procedures).
    variants = [("Cấp lại ", 0.3), ("Điều chỉnh nội dung ", 0.4)]
    extra = []
    for (code, synthetic, name, fcode, level, days, fee, maxlvl, weight) in list(rows):
        for prefix, wf in variants:
            if len(rows) + len(extra) >= 230:
                break
            if name.startswith(("Cấp lại", "Điều chỉnh", "Thủ tục")) or not name.startswith(("Cấp", "Đăng ký")):
                continue
            vname = prefix + name[0].lower() + name[1:]
            while True:
                vcode = f"{rng.choice('123')}.{rng.randrange(0, 1000000):06d}"
                if vcode not in used:
                    break
            used.add(vcode)
            extra.append((vcode, True, vname, fcode, level, max(1, days // 2), fee // 2 // 1000 * 1000, maxlvl,
                          max(1, int(weight * wf))))
    rows.extend(extra)
    out = []
    for idx, (code, synthetic, name, fcode, level, days, fee, maxlvl, weight) in enumerate(rows):
        fname, dept = fields[fcode]
        if level == 1:
            agency_code, agency_name, kind = f"000.00.{dept}.{P}", dict(DEPARTMENTS)[dept], "department"
        elif level == 2:
            agency_code, agency_name, kind = "", "UBND cấp huyện", "district"
        else:
            agency_code, agency_name, kind = "", "UBND cấp xã", "commune"
        local = f"{code}.000.00.00.{P}" if not synthetic or idx % 7 else f"{P}-{fcode}-{idx:03d}"
        item = {
            "serviceCode": local, "nationalCode": code, "synthetic": synthetic, "name": name,
            "fieldCode": fcode, "fieldName": fname, "level": LEVEL_LOCAL[level],
            "agencyKind": kind, "agencyCode": agency_code, "durationDays": days, "feeVND": fee,
            "maxLevel": maxlvl, "weight": weight,
            "packet": packet(code, name, fcode, fname, level, days, fee, agency_code or "", agency_name, rng, idx),
        }
        out.append(item)

    def norm(v):
        if isinstance(v, str):
            return nfc(v)
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        return v
    return norm(out)


def write(name, obj):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    ag = agencies()
    pr = procedures()
    assert len(pr) >= 200, len(pr)
    write("agencies.json", {"province": P, "era": "2023", "agencies": ag})
    write("procedures.json", {"province": P, "era": "2023", "procedures": pr})
    print(f"agencies: {len(ag)}, procedures: {len(pr)}")
