"""Word pools of the synthetic catalog: aligned concepts in eleven languages, and filler words.

Each concept row gives one product notion in en, ko, th, vi, ru, mn, uz, km, zh, ja and id, so
a product's texts are translations of each other, as in the real catalog. Thai, Khmer, Chinese
and Japanese words are concatenated without spaces when rendered; Korean nouns get particles.
"""

LANGUAGES = ("en", "ko", "th", "vi", "ru", "mn", "uz", "km", "zh", "ja", "id")
OPTIONAL_LANGUAGES = LANGUAGES[2:]
SPACED = frozenset({"en", "vi", "ru", "mn", "uz", "id"})
# Languages whose words are Latin or Cyrillic: prefix and typo queries are made from these.
ALPHABETIC = frozenset({"en", "vi", "ru", "mn", "uz", "id"})

_CONCEPTS = """
drone|드론|โดรน|máy bay không người lái|дрон|нисгэгчгүй онгоц|dron|ដ្រូន|无人机|ドローン|drone
sensor|센서|เซ็นเซอร์|cảm biến|датчик|мэдрэгч|sensor|ឧបករណ៍ចាប់សញ្ញា|传感器|センサー|sensor
solar|태양광|พลังงานแสงอาทิตย์|năng lượng mặt trời|солнечный|нарны|quyosh|ថាមពលព្រះអាទិត្យ|太阳能|太陽光|surya
battery|배터리|แบตเตอรี่|pin|аккумулятор|батарей|batareya|ថ្ម|电池|バッテリー|baterai
water purifier|정수기|เครื่องกรองน้ำ|máy lọc nước|водоочиститель|ус цэвэршүүлэгч|suv tozalagich|ម៉ាស៊ីនចម្រោះទឹក|净水器|浄水器|penjernih air
smart|스마트|อัจฉริยะ|thông minh|умный|ухаалаг|aqlli|ឆ្លាតវៃ|智能|スマート|pintar
monitoring|모니터링|การตรวจสอบ|giám sát|мониторинг|хяналт|monitoring|ការត្រួតពិនិត្យ|监测|監視|pemantauan
system|시스템|ระบบ|hệ thống|система|систем|tizim|ប្រព័ន្ធ|系统|システム|sistem
thermal camera|열화상카메라|กล้องถ่ายภาพความร้อน|camera nhiệt|тепловизор|дулааны камер|issiqlik kamerasi|កាមេរ៉ាកម្ដៅ|热成像仪|赤外線カメラ|kamera termal
robot|로봇|หุ่นยนต์|rô bốt|робот|робот|robot|មនុស្សយន្ត|机器人|ロボット|robot
autonomous|자율주행|อัตโนมัติ|tự hành|автономный|бие даасан|avtonom|ស្វ័យប្រវត្តិ|自动驾驶|自動運転|otonom
vehicle|차량|ยานพาหนะ|phương tiện|транспорт|тээврийн хэрэгсэл|transport vositasi|យានយន្ត|车辆|車両|kendaraan
charging station|충전소|สถานีชาร์จ|trạm sạc|зарядная станция|цэнэглэх станц|zaryadlash stansiyasi|ស្ថានីយសាកថ្ម|充电站|充電ステーション|stasiun pengisian
wireless|무선|ไร้สาย|không dây|беспроводной|утасгүй|simsiz|ឥតខ្សែ|无线|無線|nirkabel
detector|감지기|เครื่องตรวจจับ|máy dò|детектор|илрүүлэгч|detektor|ឧបករណ៍រាវរក|探测器|検知器|detektor
wildfire|산불|ไฟป่า|cháy rừng|лесной пожар|ойн түймэр|oʻrmon yongʻini|ភ្លើងឆេះព្រៃ|山火|山火事|kebakaran hutan
safety|안전|ความปลอดภัย|an toàn|безопасность|аюулгүй байдал|xavfsizlik|សុវត្ថិភាព|安全|安全|keselamatan
helmet|안전모|หมวกนิรภัย|mũ bảo hộ|каска|дуулга|dubulgʻa|មួកសុវត្ថិភាព|安全帽|ヘルメット|helm
medical device|의료기기|อุปกรณ์การแพทย์|thiết bị y tế|медицинский прибор|эмнэлгийн төхөөрөмж|tibbiy qurilma|ឧបករណ៍វេជ្ជសាស្ត្រ|医疗设备|医療機器|alat kesehatan
portable|휴대용|แบบพกพา|di động|портативный|зөөврийн|koʻchma|ចល័ត|便携式|携帯型|portabel
ultrasound|초음파|อัลตราซาวด์|siêu âm|ультразвуковой|хэт авиан|ultratovush|អ៊ុលត្រាសោន|超声波|超音波|ultrasonik
analyzer|분석기|เครื่องวิเคราะห์|máy phân tích|анализатор|шинжилгээний төхөөрөмж|tahlilchi|ឧបករណ៍វិភាគ|分析仪|分析装置|penganalisis
filter|필터|ตัวกรอง|bộ lọc|фильтр|шүүлтүүр|filtr|តម្រង|过滤器|フィルター|saringan
concrete|콘크리트|คอนกรีต|bê tông|бетон|бетон|beton|បេតុង|混凝土|コンクリート|beton
bridge inspection|교량점검|การตรวจสะพาน|kiểm tra cầu|осмотр мостов|гүүрийн шалгалт|koʻprik tekshiruvi|ការត្រួតពិនិត្យស្ពាន|桥梁检测|橋梁点検|inspeksi jembatan
lighting|조명|ระบบไฟส่องสว่าง|chiếu sáng|освещение|гэрэлтүүлэг|yoritish|ពន្លឺ|照明|照明|penerangan
recycling|재활용|รีไซเคิล|tái chế|переработка|дахин боловсруулалт|qayta ishlash|កែច្នៃឡើងវិញ|回收|リサイクル|daur ulang
waste|폐기물|ขยะ|rác thải|отходы|хог хаягдал|chiqindi|សំរាម|废物|廃棄物|sampah
hydrogen|수소|ไฮโดรเจน|hydro|водород|устөрөгч|vodorod|អ៊ីដ្រូសែន|氢能|水素|hidrogen
fuel cell|연료전지|เซลล์เชื้อเพลิง|pin nhiên liệu|топливный элемент|түлшний эс|yoqilgʻi elementi|កោសិកាឥន្ធនៈ|燃料电池|燃料電池|sel bahan bakar
energy storage|에너지저장장치|ระบบกักเก็บพลังงาน|lưu trữ năng lượng|накопитель энергии|эрчим хүч хуримтлуулагч|energiya saqlash|ការផ្ទុកថាមពល|储能|蓄電池|penyimpanan energi
traffic signal|교통신호|สัญญาณไฟจราจร|đèn giao thông|светофор|гэрлэн дохио|svetofor|ភ្លើងចរាចរណ៍|交通信号|交通信号機|lampu lalu lintas
platform|플랫폼|แพลตฟอร์ม|nền tảng|платформа|платформ|platforma|វេទិកា|平台|プラットフォーム|platform
cloud|클라우드|คลาวด์|đám mây|облако|үүлэн|bulut|ពពក|云端|クラウド|awan
security|보안|การรักษาความปลอดภัย|bảo mật|защита|хамгаалалт|himoya|សន្តិសុខ|安防|セキュリティ|keamanan
biometric|생체인식|ไบโอเมตริกซ์|sinh trắc học|биометрический|биометрик|biometrik|ជីវមាត្រ|生物识别|生体認証|biometrik
disinfection|소독|การฆ่าเชื้อ|khử trùng|дезинфекция|халдваргүйжүүлэлт|dezinfeksiya|ការសម្លាប់មេរោគ|消毒|消毒|desinfeksi
ventilation|환기|การระบายอากาศ|thông gió|вентиляция|агааржуулалт|shamollatish|ខ្យល់ចេញចូល|通风|換気|ventilasi
earthquake|지진|แผ่นดินไหว|động đất|землетрясение|газар хөдлөлт|zilzila|រញ្ជួយដី|地震|地震|gempa bumi
flood|홍수|น้ำท่วม|lũ lụt|наводнение|үер|suv toshqini|ទឹកជំនន់|洪水|洪水|banjir
early warning|조기경보|การเตือนภัยล่วงหน้า|cảnh báo sớm|раннее оповещение|эрт сэрэмжлүүлэг|erta ogohlantirish|ការព្រមានជាមុន|预警|早期警報|peringatan dini
satellite|위성|ดาวเทียม|vệ tinh|спутник|хиймэл дагуул|sunʼiy yoʻldosh|ផ្កាយរណប|卫星|衛星|satelit
radar|레이더|เรดาร์|ra đa|радар|радар|radar|រ៉ាដា|雷达|レーダー|radar
laser|레이저|เลเซอร์|laser|лазер|лазер|lazer|ឡាស៊ែរ|激光|レーザー|laser
agriculture|농업|การเกษตร|nông nghiệp|сельское хозяйство|хөдөө аж ахуй|qishloq xoʻjaligi|កសិកម្ម|农业|農業|pertanian
greenhouse|온실|โรงเรือน|nhà kính|теплица|хүлэмж|issiqxona|ផ្ទះកញ្ចក់|温室|温室|rumah kaca
irrigation|관개|ระบบชลประทาน|tưới tiêu|орошение|услалт|sugʻorish|ការស្រោចស្រព|灌溉|灌漑|irigasi
hospital|병원|โรงพยาบาล|bệnh viện|больница|эмнэлэг|shifoxona|មន្ទីរពេទ្យ|医院|病院|rumah sakit
ambulance|구급차|รถพยาบาล|xe cứu thương|скорая помощь|түргэн тусламж|tez yordam|រថយន្តសង្គ្រោះ|救护车|救急車|ambulans
rescue|구조|กู้ภัย|cứu hộ|спасение|аврах|qutqaruv|សង្គ្រោះ|救援|救助|penyelamatan
tunnel|터널|อุโมงค์|đường hầm|тоннель|хонгил|tunnel|ផ្លូវក្រោមដី|隧道|トンネル|terowongan
pipeline|배관|ท่อส่ง|đường ống|трубопровод|хоолой|quvur|បំពង់|管道|配管|pipa
leak detection|누수탐지|การตรวจจับการรั่วไหล|phát hiện rò rỉ|обнаружение утечек|алдагдал илрүүлэх|oqishni aniqlash|ការរកឃើញការលេចធ្លាយ|泄漏检测|漏水検知|deteksi kebocoran
classroom|교실|ห้องเรียน|lớp học|класс|анги|sinfxona|ថ្នាក់រៀន|教室|教室|ruang kelas
display|디스플레이|จอแสดงผล|màn hình|дисплей|дэлгэц|displey|អេក្រង់|显示屏|ディスプレイ|layar
translation|통번역|การแปลภาษา|dịch thuật|перевод|орчуулга|tarjima|ការបកប្រែ|翻译|翻訳|terjemahan
wearable|웨어러블|อุปกรณ์สวมใส่|thiết bị đeo|носимый|зүүдэг|taqiladigan|ពាក់បាន|可穿戴|ウェアラブル|perangkat wearable
precision|정밀|ความแม่นยำ|chính xác|точный|нарийвчлал|aniqlik|ភាពជាក់លាក់|精密|精密|presisi
innovation|혁신|นวัตกรรม|đổi mới|инновация|инноваци|innovatsiya|នវានុវត្តន៍|创新|イノベーション|inovasi
technology|기술|เทคโนโลยี|công nghệ|технология|технологи|texnologiya|បច្ចេកវិទ្យា|技术|技術|teknologi
public agency|공공기관|หน่วยงานรัฐ|cơ quan công|государственное учреждение|төрийн байгууллага|davlat tashkiloti|ស្ថាប័នសាធារណៈ|公共机构|公共機関|instansi pemerintah
efficiency|효율|ประสิทธิภาพ|hiệu quả|эффективность|үр ашиг|samaradorlik|ប្រសិទ្ធភាព|效率|効率|efisiensi
cost|비용|ต้นทุน|chi phí|затраты|зардал|xarajat|ថ្លៃដើម|成本|コスト|biaya
energy|에너지|พลังงาน|năng lượng|энергия|эрчим хүч|energiya|ថាមពល|能源|エネルギー|energi
real-time|실시간|เรียลไทม์|thời gian thực|в реальном времени|бодит цаг|real vaqt|ពេលវេលាជាក់ស្ដែង|实时|リアルタイム|waktu nyata
data|데이터|ข้อมูล|dữ liệu|данные|өгөгдөл|maʼlumot|ទិន្នន័យ|数据|データ|data
artificial intelligence|인공지능|ปัญญาประดิษฐ์|trí tuệ nhân tạo|искусственный интеллект|хиймэл оюун ухаан|sunʼiy intellekt|បញ្ញាសិប្បនិម្មិត|人工智能|人工知能|kecerdasan buatan
"""  # noqa: E501

CONCEPTS: list[dict[str, str]] = [
    dict(zip(LANGUAGES, line.split("|"), strict=True))
    for line in _CONCEPTS.strip().splitlines()
]

# Words between the concepts (prepositions, verbs, adjectives; not aligned across languages),
# then Korean sentence endings and Japanese particles and verbs.
_WORDS = """
en|for and with the of in to public new high low reduces improves provides detects supports operates designed field proven daily use every city remote
ko|새로운 빠르게 정확하게 공공 현장에서 매일 도시의 높은 낮은 원격으로
th|สำหรับ และ ของ ที่ ใน ช่วย ลด เพิ่ม ใช้ ได้ ใหม่ สูง ต่ำ ทุกวัน เมือง
vi|cho và với của trong giúp giảm tăng mới cao thấp được sử dụng hàng ngày thành phố
ru|для и с в на новый высокий низкий снижает повышает обеспечивает обнаруживает ежедневно город ещё её
mn|зориулсан ба шинэ өндөр бага бууруулна нэмэгдүүлнэ хангана илрүүлнэ өдөр бүр хот ашигладаг
uz|uchun va bilan yangi yuqori past kamaytiradi oshiradi taʼminlaydi aniqlaydi har kuni shahar foydalaniladi
km|សម្រាប់ និង របស់ ក្នុង ជួយ កាត់បន្ថយ បង្កើន ថ្មី ខ្ពស់ ទាប ប្រើ រាល់ថ្ងៃ ទីក្រុង
zh|用于 和 的 在 帮助 降低 提高 新型 高 低 每天 城市 使用 提供
ja|新しい 高い 毎日 都市 向け 公共 遠隔
id|untuk dan dengan di dalam membantu mengurangi meningkatkan baru tinggi rendah setiap hari kota digunakan
ko-verbs|제공합니다 탐지합니다 지원합니다 줄입니다 높입니다 관리합니다 측정합니다 보호합니다
ja-particles|の を と で に は
ja-verbs|提供します 削減します 高めます 検知します 使用されます 支援します
"""  # noqa: E501
FILLERS = {key: words.split() for key, words in
           (line.split("|") for line in _WORDS.strip().splitlines())}
KOREAN_VERBS = FILLERS.pop("ko-verbs")
JAPANESE_PARTICLES = FILLERS.pop("ja-particles")
JAPANESE_VERBS = FILLERS.pop("ja-verbs")
# Korean particles as (after a final consonant, after a vowel).
KOREAN_PARTICLES = (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로"),
                    ("의", "의"), ("에", "에"), ("에서", "에서"))

CATEGORIES = {
    "drones": ("Drones", "드론"),
    "water-treatment": ("Water treatment", "수처리"),
    "medical-devices": ("Medical devices", "의료기기"),
    "fire-safety": ("Fire safety", "소방안전"),
    "disaster-response": ("Disaster response", "재난대응"),
    "smart-city": ("Smart city", "스마트시티"),
    "renewable-energy": ("Renewable energy", "신재생에너지"),
    "hydrogen": ("Hydrogen", "수소"),
    "robotics": ("Robotics", "로봇"),
    "mobility": ("Mobility", "모빌리티"),
    "agriculture": ("Agriculture", "스마트농업"),
    "environment": ("Environment", "환경"),
    "construction": ("Construction", "건설"),
    "security": ("Security", "보안"),
    "education": ("Education", "교육"),
    "cloud-ict": ("Cloud and ICT", "클라우드·ICT"),
    "ai-software": ("AI software", "인공지능 소프트웨어"),
    "lighting": ("Lighting", "조명"),
    "wearables": ("Wearables", "웨어러블"),
    "public-safety": ("Public safety", "공공안전"),
}
DESIGNATIONS = ("innovative-prototype", "excellent-rnd", "excellent-procurement",
                "other-innovative")
CERTIFICATIONS = ("GS", "NEP", "NET", "KC", "CE", "ISO 9001", "ISO 14001", "K-Mark")
HALLS = "ABCDEFGH"
COMPANY_STEMS = (("Haneul", "하늘"), ("Daehan", "대한"), ("Mirae", "미래"), ("Hanbit", "한빛"),
                 ("Pureun", "푸른"), ("Gaon", "가온"), ("Nuri", "누리"), ("Areum", "아름"),
                 ("Bitsaem", "빛샘"), ("Dasom", "다솜"), ("Saebyeok", "새벽"), ("Onnuri", "온누리"))
COMPANY_SUFFIXES = (("Tech", "테크"), ("Robotics", "로보틱스"), ("Energy", "에너지"),
                    ("Systems", "시스템즈"), ("Medical", "메디칼"), ("Aero", "에어로"),
                    ("Water", "워터"), ("Safety", "세이프티"), ("Solutions", "솔루션"),
                    ("Industries", "산업"))
