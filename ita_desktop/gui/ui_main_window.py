# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QDockWidget, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QMainWindow,
    QMenu, QMenuBar, QSizePolicy, QSpacerItem,
    QStatusBar, QTabWidget, QVBoxLayout, QWidget)

from ita_desktop.gui.checks_panel import ChecksPanel
from ita_desktop.gui.score_form import ScoreForm

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1300, 700)
        MainWindow.setWindowTitle(u"ITA Desktop")
        self.actionWizard = QAction(MainWindow)
        self.actionWizard.setObjectName(u"actionWizard")
#if QT_CONFIG(shortcut)
        self.actionWizard.setShortcut(u"Ctrl+N")
#endif // QT_CONFIG(shortcut)
        self.actionNewOffice = QAction(MainWindow)
        self.actionNewOffice.setObjectName(u"actionNewOffice")
        self.actionPreview = QAction(MainWindow)
        self.actionPreview.setObjectName(u"actionPreview")
#if QT_CONFIG(shortcut)
        self.actionPreview.setShortcut(u"Ctrl+P")
#endif // QT_CONFIG(shortcut)
        self.actionFind = QAction(MainWindow)
        self.actionFind.setObjectName(u"actionFind")
#if QT_CONFIG(shortcut)
        self.actionFind.setShortcut(u"Ctrl+F")
#endif // QT_CONFIG(shortcut)
        self.actionExportAnalysis = QAction(MainWindow)
        self.actionExportAnalysis.setObjectName(u"actionExportAnalysis")
#if QT_CONFIG(shortcut)
        self.actionExportAnalysis.setShortcut(u"Ctrl+E")
#endif // QT_CONFIG(shortcut)
        self.actionExportMemo = QAction(MainWindow)
        self.actionExportMemo.setObjectName(u"actionExportMemo")
        self.actionPublicationPack = QAction(MainWindow)
        self.actionPublicationPack.setObjectName(u"actionPublicationPack")
#if QT_CONFIG(shortcut)
        self.actionPublicationPack.setShortcut(u"Ctrl+Shift+E")
#endif // QT_CONFIG(shortcut)
        self.actionCheck = QAction(MainWindow)
        self.actionCheck.setObjectName(u"actionCheck")
#if QT_CONFIG(shortcut)
        self.actionCheck.setShortcut(u"F7")
#endif // QT_CONFIG(shortcut)
        self.actionThaiDigits = QAction(MainWindow)
        self.actionThaiDigits.setObjectName(u"actionThaiDigits")
        self.actionThaiDigits.setCheckable(True)
        self.actionThaiDigits.setChecked(True)
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(u"Ctrl+Q")
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setMenuRole(QAction.MenuRole.QuitRole)
        self.actionThai = QAction(MainWindow)
        self.actionThai.setObjectName(u"actionThai")
        self.actionThai.setCheckable(True)
        self.actionThai.setText(u"\u0e44\u0e17\u0e22")
        self.actionEnglish = QAction(MainWindow)
        self.actionEnglish.setObjectName(u"actionEnglish")
        self.actionEnglish.setCheckable(True)
        self.actionEnglish.setText(u"English")
        self.actionSettings = QAction(MainWindow)
        self.actionSettings.setObjectName(u"actionSettings")
#if QT_CONFIG(shortcut)
        self.actionSettings.setShortcut(u"Ctrl+,")
#endif // QT_CONFIG(shortcut)
        self.actionSettings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.actionWelcome = QAction(MainWindow)
        self.actionWelcome.setObjectName(u"actionWelcome")
        self.actionOpenDataFolder = QAction(MainWindow)
        self.actionOpenDataFolder.setObjectName(u"actionOpenDataFolder")
        self.actionShowLog = QAction(MainWindow)
        self.actionShowLog.setObjectName(u"actionShowLog")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.actionAbout.setMenuRole(QAction.MenuRole.AboutRole)
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.selectorLayout = QHBoxLayout()
        self.selectorLayout.setObjectName(u"selectorLayout")
        self.officeLabel = QLabel(self.centralwidget)
        self.officeLabel.setObjectName(u"officeLabel")

        self.selectorLayout.addWidget(self.officeLabel)

        self.officeCombo = QComboBox(self.centralwidget)
        self.officeCombo.setObjectName(u"officeCombo")
        self.officeCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.officeCombo.setMinimumContentsLength(16)

        self.selectorLayout.addWidget(self.officeCombo)

        self.selectorGap = QSpacerItem(24, 10, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.selectorLayout.addItem(self.selectorGap)

        self.yearLabel = QLabel(self.centralwidget)
        self.yearLabel.setObjectName(u"yearLabel")

        self.selectorLayout.addWidget(self.yearLabel)

        self.yearCombo = QComboBox(self.centralwidget)
        self.yearCombo.setObjectName(u"yearCombo")
        self.yearCombo.setMinimumContentsLength(5)

        self.selectorLayout.addWidget(self.yearCombo)

        self.selectorStretch = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.selectorLayout.addItem(self.selectorStretch)


        self.centralLayout.addLayout(self.selectorLayout)

        self.noticeLabel = QLabel(self.centralwidget)
        self.noticeLabel.setObjectName(u"noticeLabel")
        self.noticeLabel.setStyleSheet(u"color: #b71c1c;")
        self.noticeLabel.setWordWrap(True)

        self.centralLayout.addWidget(self.noticeLabel)

        self.tabs = QTabWidget(self.centralwidget)
        self.tabs.setObjectName(u"tabs")
        self.scoresTab = QWidget()
        self.scoresTab.setObjectName(u"scoresTab")
        self.scoresLayout = QHBoxLayout(self.scoresTab)
        self.scoresLayout.setSpacing(18)
        self.scoresLayout.setObjectName(u"scoresLayout")
        self.scoreForm = ScoreForm(self.scoresTab)
        self.scoreForm.setObjectName(u"scoreForm")

        self.scoresLayout.addWidget(self.scoreForm, 0, Qt.AlignmentFlag.AlignTop)

        self.resultGroup = QGroupBox(self.scoresTab)
        self.resultGroup.setObjectName(u"resultGroup")
        self.resultLayout = QGridLayout(self.resultGroup)
        self.resultLayout.setObjectName(u"resultLayout")
        self.resultLayout.setHorizontalSpacing(16)
        self.iitLabel = QLabel(self.resultGroup)
        self.iitLabel.setObjectName(u"iitLabel")
        self.iitLabel.setText(u"IIT")

        self.resultLayout.addWidget(self.iitLabel, 0, 0, 1, 1)

        self.iitValue = QLabel(self.resultGroup)
        self.iitValue.setObjectName(u"iitValue")
        self.iitValue.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.resultLayout.addWidget(self.iitValue, 0, 1, 1, 1)

        self.iitMark = QLabel(self.resultGroup)
        self.iitMark.setObjectName(u"iitMark")

        self.resultLayout.addWidget(self.iitMark, 0, 2, 1, 1)

        self.eitLabel = QLabel(self.resultGroup)
        self.eitLabel.setObjectName(u"eitLabel")
        self.eitLabel.setText(u"EIT")

        self.resultLayout.addWidget(self.eitLabel, 1, 0, 1, 1)

        self.eitValue = QLabel(self.resultGroup)
        self.eitValue.setObjectName(u"eitValue")
        self.eitValue.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.resultLayout.addWidget(self.eitValue, 1, 1, 1, 1)

        self.eitMark = QLabel(self.resultGroup)
        self.eitMark.setObjectName(u"eitMark")

        self.resultLayout.addWidget(self.eitMark, 1, 2, 1, 1)

        self.oitLabel = QLabel(self.resultGroup)
        self.oitLabel.setObjectName(u"oitLabel")
        self.oitLabel.setText(u"OIT")

        self.resultLayout.addWidget(self.oitLabel, 2, 0, 1, 1)

        self.oitValue = QLabel(self.resultGroup)
        self.oitValue.setObjectName(u"oitValue")
        self.oitValue.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.resultLayout.addWidget(self.oitValue, 2, 1, 1, 1)

        self.oitMark = QLabel(self.resultGroup)
        self.oitMark.setObjectName(u"oitMark")

        self.resultLayout.addWidget(self.oitMark, 2, 2, 1, 1)

        self.overallLabel = QLabel(self.resultGroup)
        self.overallLabel.setObjectName(u"overallLabel")
        self.overallLabel.setStyleSheet(u"font-weight: bold;")

        self.resultLayout.addWidget(self.overallLabel, 3, 0, 1, 1)

        self.overallValue = QLabel(self.resultGroup)
        self.overallValue.setObjectName(u"overallValue")
        self.overallValue.setStyleSheet(u"font-weight: bold;")
        self.overallValue.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.resultLayout.addWidget(self.overallValue, 3, 1, 1, 1)

        self.overallMark = QLabel(self.resultGroup)
        self.overallMark.setObjectName(u"overallMark")

        self.resultLayout.addWidget(self.overallMark, 3, 2, 1, 1)

        self.levelLabel = QLabel(self.resultGroup)
        self.levelLabel.setObjectName(u"levelLabel")
        self.levelLabel.setStyleSheet(u"font-weight: bold;")

        self.resultLayout.addWidget(self.levelLabel, 4, 0, 1, 1)

        self.levelValue = QLabel(self.resultGroup)
        self.levelValue.setObjectName(u"levelValue")
        self.levelValue.setStyleSheet(u"font-weight: bold;")

        self.resultLayout.addWidget(self.levelValue, 4, 1, 1, 2)

        self.passMarkLabel = QLabel(self.resultGroup)
        self.passMarkLabel.setObjectName(u"passMarkLabel")

        self.resultLayout.addWidget(self.passMarkLabel, 5, 0, 1, 3)

        self.resultLayout.setColumnStretch(2, 1)

        self.scoresLayout.addWidget(self.resultGroup, 0, Qt.AlignmentFlag.AlignTop)

        self.scoresLayout.setStretch(0, 1)
        self.tabs.addTab(self.scoresTab, "")

        self.centralLayout.addWidget(self.tabs)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuExport = QMenu(self.menuFile)
        self.menuExport.setObjectName(u"menuExport")
        self.menuEdit = QMenu(self.menubar)
        self.menuEdit.setObjectName(u"menuEdit")
        self.menuTools = QMenu(self.menubar)
        self.menuTools.setObjectName(u"menuTools")
        self.menuLanguage = QMenu(self.menubar)
        self.menuLanguage.setObjectName(u"menuLanguage")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
        self.checksDock = QDockWidget(MainWindow)
        self.checksDock.setObjectName(u"checksDock")
        self.checksDock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable|QDockWidget.DockWidgetFeature.DockWidgetFloatable|QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.checksDock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea|Qt.DockWidgetArea.LeftDockWidgetArea|Qt.DockWidgetArea.RightDockWidgetArea)
        self.checksPanel = ChecksPanel()
        self.checksPanel.setObjectName(u"checksPanel")
        self.checksDock.setWidget(self.checksPanel)
        MainWindow.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.checksDock)
#if QT_CONFIG(shortcut)
        self.officeLabel.setBuddy(self.officeCombo)
        self.yearLabel.setBuddy(self.yearCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.officeCombo, self.yearCombo)
        QWidget.setTabOrder(self.yearCombo, self.tabs)
        QWidget.setTabOrder(self.tabs, self.scoreForm)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuEdit.menuAction())
        self.menubar.addAction(self.menuTools.menuAction())
        self.menubar.addAction(self.menuLanguage.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuFile.addAction(self.actionWizard)
        self.menuFile.addAction(self.actionNewOffice)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionPreview)
        self.menuFile.addAction(self.menuExport.menuAction())
        self.menuFile.addAction(self.actionPublicationPack)
        self.menuFile.addAction(self.actionThaiDigits)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionQuit)
        self.menuExport.addAction(self.actionExportAnalysis)
        self.menuExport.addAction(self.actionExportMemo)
        self.menuEdit.addAction(self.actionFind)
        self.menuTools.addAction(self.actionCheck)
        self.menuTools.addSeparator()
        self.menuTools.addAction(self.actionSettings)
        self.menuLanguage.addAction(self.actionThai)
        self.menuLanguage.addAction(self.actionEnglish)
        self.menuHelp.addAction(self.actionWelcome)
        self.menuHelp.addSeparator()
        self.menuHelp.addAction(self.actionOpenDataFolder)
        self.menuHelp.addAction(self.actionShowLog)
        self.menuHelp.addSeparator()
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)
        self.actionQuit.triggered.connect(MainWindow.close)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        self.actionWizard.setText(QCoreApplication.translate("MainWindow", u"&Year wizard\u2026", None))
#if QT_CONFIG(statustip)
        self.actionWizard.setStatusTip(QCoreApplication.translate("MainWindow", u"Walk through the fiscal year step by step: scores, analysis, measures, results, checks, preview and export", None))
#endif // QT_CONFIG(statustip)
        self.actionNewOffice.setText(QCoreApplication.translate("MainWindow", u"New &office\u2026", None))
#if QT_CONFIG(statustip)
        self.actionNewOffice.setStatusTip(QCoreApplication.translate("MainWindow", u"Start the year wizard for an office that is not in the program yet", None))
#endif // QT_CONFIG(statustip)
        self.actionPreview.setText(QCoreApplication.translate("MainWindow", u"Pre&view\u2026", None))
#if QT_CONFIG(statustip)
        self.actionPreview.setStatusTip(QCoreApplication.translate("MainWindow", u"See a document of the selected year as it will print, before saving it", None))
#endif // QT_CONFIG(statustip)
        self.actionFind.setText(QCoreApplication.translate("MainWindow", u"&Find in measures and results\u2026", None))
#if QT_CONFIG(statustip)
        self.actionFind.setStatusTip(QCoreApplication.translate("MainWindow", u"Search the measures and results of every office and year", None))
#endif // QT_CONFIG(statustip)
        self.actionExportAnalysis.setText(QCoreApplication.translate("MainWindow", u"&Analysis report\u2026", None))
#if QT_CONFIG(statustip)
        self.actionExportAnalysis.setStatusTip(QCoreApplication.translate("MainWindow", u"Save the analysis of the ITA results and the measures of the year as a PDF", None))
#endif // QT_CONFIG(statustip)
        self.actionExportMemo.setText(QCoreApplication.translate("MainWindow", u"&Memo\u2026", None))
#if QT_CONFIG(statustip)
        self.actionExportMemo.setStatusTip(QCoreApplication.translate("MainWindow", u"Save the memo that submits the report as a PDF", None))
#endif // QT_CONFIG(statustip)
        self.actionPublicationPack.setText(QCoreApplication.translate("MainWindow", u"&Publication pack\u2026", None))
#if QT_CONFIG(statustip)
        self.actionPublicationPack.setStatusTip(QCoreApplication.translate("MainWindow", u"Save every document of the year into a folder: one PDF with bookmarks, and each document as its own file to upload", None))
#endif // QT_CONFIG(statustip)
        self.actionCheck.setText(QCoreApplication.translate("MainWindow", u"&Pre-flight check", None))
#if QT_CONFIG(statustip)
        self.actionCheck.setStatusTip(QCoreApplication.translate("MainWindow", u"Check the data of the selected year for mistakes before printing", None))
#endif // QT_CONFIG(statustip)
        self.actionThaiDigits.setText(QCoreApplication.translate("MainWindow", u"Thai &digits in documents", None))
#if QT_CONFIG(statustip)
        self.actionThaiDigits.setStatusTip(QCoreApplication.translate("MainWindow", u"Print numbers and dates in the PDF documents with Thai digits", None))
#endif // QT_CONFIG(statustip)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(statustip)
        self.actionQuit.setStatusTip(QCoreApplication.translate("MainWindow", u"Close the program (every change is already saved)", None))
#endif // QT_CONFIG(statustip)
        self.actionSettings.setText(QCoreApplication.translate("MainWindow", u"&Settings\u2026", None))
#if QT_CONFIG(statustip)
        self.actionSettings.setStatusTip(QCoreApplication.translate("MainWindow", u"The data folder, the font and digits of new offices, the language", None))
#endif // QT_CONFIG(statustip)
        self.actionWelcome.setText(QCoreApplication.translate("MainWindow", u"&Welcome\u2026", None))
#if QT_CONFIG(statustip)
        self.actionWelcome.setStatusTip(QCoreApplication.translate("MainWindow", u"The first-start welcome: the demo offices, a new office, or an office's data file", None))
#endif // QT_CONFIG(statustip)
        self.actionOpenDataFolder.setText(QCoreApplication.translate("MainWindow", u"Open the &data folder", None))
#if QT_CONFIG(statustip)
        self.actionOpenDataFolder.setStatusTip(QCoreApplication.translate("MainWindow", u"Show the folder of the database, its backups and the log file", None))
#endif // QT_CONFIG(statustip)
        self.actionShowLog.setText(QCoreApplication.translate("MainWindow", u"Show the &log file", None))
#if QT_CONFIG(statustip)
        self.actionShowLog.setStatusTip(QCoreApplication.translate("MainWindow", u"Open the program's log file (to send with a problem report)", None))
#endif // QT_CONFIG(statustip)
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About ITA Desktop", None))
        self.officeLabel.setText(QCoreApplication.translate("MainWindow", u"&Office:", None))
#if QT_CONFIG(tooltip)
        self.officeCombo.setToolTip(QCoreApplication.translate("MainWindow", u"The office whose ITA assessment you are working on", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.officeCombo.setAccessibleName(QCoreApplication.translate("MainWindow", u"Office", None))
#endif // QT_CONFIG(accessibility)
        self.yearLabel.setText(QCoreApplication.translate("MainWindow", u"Fiscal &year (B.E.):", None))
#if QT_CONFIG(tooltip)
        self.yearCombo.setToolTip(QCoreApplication.translate("MainWindow", u"The fiscal year (Buddhist Era) of the assessment", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.yearCombo.setAccessibleName(QCoreApplication.translate("MainWindow", u"Fiscal year (B.E.)", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("MainWindow", u"The fiscal year's data", None))
#endif // QT_CONFIG(accessibility)
        self.resultGroup.setTitle(QCoreApplication.translate("MainWindow", u"Result", None))
        self.overallLabel.setText(QCoreApplication.translate("MainWindow", u"Overall", None))
        self.levelLabel.setText(QCoreApplication.translate("MainWindow", u"Level", None))
        self.tabs.setTabText(self.tabs.indexOf(self.scoresTab), QCoreApplication.translate("MainWindow", u"&Scores", None))
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.menuExport.setTitle(QCoreApplication.translate("MainWindow", u"E&xport PDF", None))
        self.menuEdit.setTitle(QCoreApplication.translate("MainWindow", u"&Edit", None))
        self.menuTools.setTitle(QCoreApplication.translate("MainWindow", u"&Tools", None))
        self.menuLanguage.setTitle(QCoreApplication.translate("MainWindow", u"&Language", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
#if QT_CONFIG(accessibility)
        self.checksDock.setAccessibleName(QCoreApplication.translate("MainWindow", u"Pre-flight check", None))
#endif // QT_CONFIG(accessibility)
        self.checksDock.setWindowTitle(QCoreApplication.translate("MainWindow", u"Pre-flight check", None))
        pass
    # retranslateUi

