/**
 * Word lists for synthetic residents of Kecamatan Jelutung. Kota Jambi is mostly Jambi Malay,
 * with Javanese, Minangkabau, Batak and Chinese-Indonesian communities; names, religions and
 * birth places follow the household's background. Text is upper case, as SIAK stores and the
 * KTP-el prints it. Nothing here describes a real person or a real address register: street
 * names are common in Kota Jambi, but which kelurahan each runs through is made up.
 */

/** A comma-separated list, one name per item: long lists stay readable and compact. */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Kelurahan of Jelutung (app.regions) and a share of the population for each ([I], not census). */
export const kelurahanShares: ReadonlyArray<readonly [string, number]> = [
  ['15.71.08.1001', 12],
  ['15.71.08.1002', 13],
  ['15.71.08.1003', 18],
  ['15.71.08.1004', 15],
  ['15.71.08.1005', 16],
  ['15.71.08.1006', 12],
  ['15.71.08.1007', 14],
];

export type Background = 'MELAYU' | 'JAWA' | 'MINANG' | 'BATAK' | 'TIONGHOA';

export const backgroundShares: ReadonlyArray<readonly [Background, number]> = [
  ['MELAYU', 48],
  ['JAWA', 24],
  ['MINANG', 13],
  ['BATAK', 8],
  ['TIONGHOA', 7],
];

export type Religion =
  | 'ISLAM'
  | 'KRISTEN'
  | 'KATOLIK'
  | 'HINDU'
  | 'BUDDHA'
  | 'KHONGHUCU'
  | 'KEPERCAYAAN TERHADAP TUHAN YME';

export const religionByBackground: Record<
  Background,
  ReadonlyArray<readonly [Religion, number]>
> = {
  MELAYU: [['ISLAM', 1]],
  JAWA: [
    ['ISLAM', 95],
    ['KRISTEN', 3],
    ['KATOLIK', 1.5],
    ['HINDU', 0.3],
    ['KEPERCAYAAN TERHADAP TUHAN YME', 0.2],
  ],
  MINANG: [['ISLAM', 1]],
  // Mandailing and Angkola families are mostly Muslim, Toba families mostly Protestant.
  BATAK: [
    ['KRISTEN', 55],
    ['ISLAM', 35],
    ['KATOLIK', 10],
  ],
  TIONGHOA: [
    ['BUDDHA', 45],
    ['KRISTEN', 25],
    ['KATOLIK', 18],
    ['KHONGHUCU', 12],
  ],
};

interface NameList {
  male: readonly string[];
  female: readonly string[];
  /** Family names carried by the children (Batak marga, Chinese-Indonesian surnames). */
  family?: readonly string[];
}

export const namesByBackground: Record<Background, NameList> = {
  MELAYU: {
    male: list(`
      MUHAMMAD, AHMAD, ABDUL RAHMAN, RIZKI, FAUZI, HENDRI, SYAHRIAL, ZULKIFLI, AZHAR,
      FIKRI, HAFIZ, ILHAM, IRWAN, JUFRI, RIDWAN, SYAMSUL, ARIFIN, HASAN, HUSIN, ISMAIL,
      YUSUF, FAJAR, RAHMAD, SOFYAN, ZAINAL, ADITYA, FADLI, RAFI, DIMAS, ALIF, NAUFAL,
      HABIBI, AZMI, FIRDAUS, KHAIRUL
    `),
    female: list(`
      SITI, NUR, NURUL, AISYAH, FATIMAH, RAHMAH, ZULAIKHA, HALIMAH, SURYANI, YANTI, RINA,
      DEWI, MAIMUNAH, ROSMALA, JUWITA, MASNIDAR, ERNAWATI, HASNAH, ALYA, NABILA, AULIA,
      ZAHRA, SALSABILA, PUTRI, CAHAYA, INDAH, KHAIRUNNISA, AMELIA, SYAFITRI, MARLIANA
    `),
  },
  JAWA: {
    male: list(`
      AGUS, BUDI, JOKO, SLAMET, SUGENG, WAHYU, EKO, DWI, TRI, BAMBANG, HERU, SUPRIYADI,
      SUTRISNO, PURWANTO, SUKARDI, WIDODO, BAYU, GALIH, ARIF, YOGA, PRASETYO, NUGROHO,
      SETIAWAN, HADI
    `),
    female: list(`
      SRI, ENDANG, WULAN, RINI, TUTIK, SUMARNI, LESTARI, RAHAYU, NINGSIH, SUPARMI, WAHYUNI,
      KARTINI, PUJI, ASTUTI, DIAH, RATNA, AYU, ANGGUN, DWI, SEKAR
    `),
  },
  MINANG: {
    male: list(`
      RAHMAT, YUSRI, AFRIZAL, ZULHENDRI, FERDI, SYAFRI, ANDRI, DONI, ERIZAL, HENDRA, JONI,
      MASRIL, NOFRIZAL, RISKI, YOGI, DEDI, ALDI, FAKHRUL
    `),
    female: list(`
      FITRI, YENI, ROSMAINI, ELFI, DESI, NELLY, YULIARNI, RAHMI, SUSILAWATI, NOVIA, MERI,
      WENI, FADHILA, ANNISA, SILVIA, YUSNIDAR
    `),
  },
  BATAK: {
    male: list(`
      PARLINDUNGAN, HOTMAN, BINSAR, TOGAR, RUDOLF, JONATHAN, DANIEL, SAMUEL, MARTUA, POSMA,
      ROBERT, ANDREAS, FRANS, GOKMA
    `),
    female: list(`
      ROSMAWATI, TIURMA, LASMA, DEBORA, MARIA, RUTH, SARMA, HOTMAIDA, NURMAIDA, ELISABETH,
      YOHANA, MONIKA
    `),
    family: list(`
      SIREGAR, NASUTION, HARAHAP, SIMANJUNTAK, HUTAPEA, SITOMPUL, LUBIS, PARDEDE, SINAGA,
      MANURUNG, SIAGIAN, PANJAITAN, SIHOMBING, HASIBUAN
    `),
  },
  TIONGHOA: {
    male: list(`
      HENDRA, SUTANTO, BUDIMAN, KEVIN, STEVEN, HARTONO, JIMMY, RICKY, ANDI, WILLIAM, FELIX,
      VINCENT, JOHAN, EDDY
    `),
    female: list(`
      LILI, MEILANI, SUSANTI, LINDA, VIVIAN, JESSICA, YENNY, ANGELINE, MELISA, CINDY,
      FELICIA, LIANA
    `),
    family: list(`
      WIJAYA, HALIM, GUNAWAN, SANTOSO, TANOTO, SALIM, KURNIAWAN, TANJAYA, SUSANTO, LIMANTO,
      HARTANTO, SETIADI
    `),
  },
};

/** Second names that make a Malay, Javanese or Minang name whole (PRATAMA, SAPUTRA, ...). */
export const secondNames = {
  male: ['PRATAMA', 'SAPUTRA', 'HIDAYAT', 'KURNIAWAN', 'RAMADHAN', 'FIRMANSYAH', 'SYAHPUTRA'],
  female: ['LESTARI', 'SARI', 'PUTRI', 'WATI', 'HANDAYANI', 'RAMADHANI', 'FEBRIANTI'],
} as const;

/**
 * Jambi Malay titles of descent from the old sultanate's nobility, still carried in names.
 */
export const jambiTitles = { male: ['KEMAS', 'RADEN', 'MASAGUS'], female: ['NYIMAS', 'NYAYU'] };

export const birthPlacesInJambi: ReadonlyArray<readonly [string, number]> = [
  ['JAMBI', 80],
  ['MUARA BULIAN', 3],
  ['KUALA TUNGKAL', 3],
  ['MUARA BUNGO', 2],
  ['SAROLANGUN', 2],
  ['BANGKO', 2],
  ['MUARA TEBO', 2],
  ['SENGETI', 2],
  ['SUNGAI PENUH', 2],
  ['MUARA SABAK', 2],
];

export const birthPlacesElsewhere: Record<Background, readonly string[]> = {
  MELAYU: ['PALEMBANG', 'PEKANBARU', 'TANJUNG PINANG', 'BENGKULU', 'LUBUK LINGGAU'],
  JAWA: ['SEMARANG', 'SURAKARTA', 'YOGYAKARTA', 'KEBUMEN', 'PURWOREJO', 'MADIUN', 'JAKARTA'],
  MINANG: ['PADANG', 'BUKITTINGGI', 'PAYAKUMBUH', 'SOLOK', 'PARIAMAN'],
  BATAK: ['MEDAN', 'TARUTUNG', 'PEMATANG SIANTAR', 'SIBOLGA', 'PADANG SIDEMPUAN'],
  TIONGHOA: ['MEDAN', 'PALEMBANG', 'JAKARTA', 'PANGKAL PINANG', 'PEKANBARU'],
};

export const streets: readonly string[] = list(`
  JL. KH. AGUS SALIM, JL. HOS COKROAMINOTO, JL. KAPTEN PATTIMURA, JL. SULTAN AGUNG,
  JL. SUNAN KALIJAGA, JL. SUNAN GUNUNG JATI, JL. SENTOT ALIBASA, JL. MAYJEN SUTOYO,
  JL. KOPRAL RAMLI, JL. SERSAN ANWAR BAY, JL. LINGKAR SELATAN, JL. KANCIL, JL. KIJANG,
  JL. RUSA, JL. GAJAH MADA, JL. HAYAM WURUK, JL. CEMPAKA, JL. MELATI, JL. KENANGA,
  JL. TERATAI, JL. DAHLIA, JL. KAMBOJA, JL. FLAMBOYAN, JL. SUMATERA, JL. KALIMANTAN,
  JL. SULAWESI, JL. KAPT. A. BAKARUDDIN, JL. YOS SUDARSO, JL. FATAHILLAH,
  JL. PANGERAN DIPONEGORO, JL. RANGKAYO HITAM, JL. HALIM PERDANA KUSUMA
`);

export const lanes: readonly string[] = list(`
  LRG. DAMAI, LRG. SEPAKAT, LRG. SEJAHTERA, LRG. BAHAGIA, LRG. AMAL, LRG. MUSHOLLA,
  LRG. KELUARGA, LRG. PERMATA, LRG. PERINTIS, LRG. MANGGA, LRG. RAMBUTAN, LRG. DUKU,
  LRG. SETIA, LRG. BERSAMA
`);

/** SIAK's occupation names for working adults, with rough shares ([I]). */
export const occupations = {
  male: [
    ['WIRASWASTA', 24],
    ['KARYAWAN SWASTA', 18],
    ['BURUH HARIAN LEPAS', 12],
    ['PEDAGANG', 10],
    ['PEGAWAI NEGERI SIPIL (PNS)', 6],
    ['SOPIR', 5],
    ['TUKANG BATU', 3],
    ['TUKANG KAYU', 2],
    ['MEKANIK', 2],
    ['KARYAWAN HONORER', 3],
    ['GURU', 3],
    ['TENTARA NASIONAL INDONESIA (TNI)', 1.5],
    ['KEPOLISIAN RI (POLRI)', 1.5],
    ['KARYAWAN BUMN', 2],
    ['PETANI/PEKEBUN', 2],
    ['BELUM/TIDAK BEKERJA', 5],
  ],
  female: [
    ['MENGURUS RUMAH TANGGA', 45],
    ['WIRASWASTA', 12],
    ['KARYAWAN SWASTA', 12],
    ['PEDAGANG', 9],
    ['GURU', 5],
    ['PEGAWAI NEGERI SIPIL (PNS)', 5],
    ['PERAWAT', 2],
    ['BIDAN', 1],
    ['PENJAHIT', 2],
    ['KARYAWAN HONORER', 3],
    ['BURUH HARIAN LEPAS', 2],
    ['BELUM/TIDAK BEKERJA', 2],
  ],
} as const satisfies Record<'male' | 'female', ReadonlyArray<readonly [string, number]>>;

/** Mobile prefixes of Indonesian operators, for the phone numbers residents give. */
export const mobilePrefixes: readonly string[] = list(`
  0811, 0812, 0813, 0821, 0822, 0823, 0852, 0853, 0814, 0815, 0816, 0855, 0856, 0857, 0858,
  0817, 0818, 0819, 0859, 0877, 0878, 0831, 0832, 0838, 0881, 0882, 0895, 0896, 0897
`);
