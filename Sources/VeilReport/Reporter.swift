import VeilModel
import VeilPolicy
