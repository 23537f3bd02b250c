@_exported import VeilModel
@_exported import VeilDetect
@_exported import VeilPolicy
@_exported import VeilVault
@_exported import VeilReport
